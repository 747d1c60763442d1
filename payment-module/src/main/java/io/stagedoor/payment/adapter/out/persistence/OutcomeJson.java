package io.stagedoor.payment.adapter.out.persistence;

import io.stagedoor.payment.domain.Payment;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.PaymentStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored response body of a completed key, as text so it replays byte for byte: for a payment exactly the fields
 * of the 201 body (docs/api.md), for a refusal the problem's status, code, title, detail and extra properties.
 */
final class OutcomeJson {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final JsonMapper json = JsonMapper.builder().build();
    private final ObjectReader reader = json.readerFor(MAP);

    OutcomeJson() {
        // Jackson builds and caches its (de)serializers on first use under a lock; do that now, on the wiring thread,
        // so concurrent first requests never wait for that lock on an event loop
        read(PaymentOutcome.Paid.STATUS, write(new PaymentOutcome.Paid(
                Payment.completed(1, 1, 1, 1, Instant.EPOCH), 0)));
        read(PaymentOutcome.Paid.STATUS, write(PaymentOutcome.CheckoutPaid.of(
                List.of(Payment.completed(1, 1, 1, 1, Instant.EPOCH)), 0)));
        read(409, write(new PaymentOutcome.Refused(409, "WARM_UP", "Warm-up", null, Map.of("position", 1, "flag", true))));
    }

    String write(PaymentOutcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (outcome instanceof PaymentOutcome.Paid paid) {
            Payment payment = paid.payment();
            body.put("paymentId", payment.id());
            body.put("reservationId", payment.reservationId());
            body.put("userId", payment.userId());
            body.put("amount", payment.amount());
            body.put("status", payment.status().name());
            body.put("paidAt", payment.paidAt().toString());
            body.put("balance", paid.balanceAfter());
        } else if (outcome instanceof PaymentOutcome.CheckoutPaid checkout) {
            body.put("paymentIds", checkout.paymentIds());
            body.put("reservationIds", checkout.reservationIds());
            body.put("userId", checkout.userId());
            body.put("amount", checkout.amount());
            body.put("status", checkout.paymentStatus().name());
            body.put("paidAt", checkout.paidAt().toString());
            body.put("balance", checkout.balanceAfter());
        } else {
            PaymentOutcome.Refused refused = (PaymentOutcome.Refused) outcome;
            body.put("status", refused.status());
            body.put("code", refused.code());
            body.put("title", refused.title());
            body.put("detail", refused.detail());
            refused.properties().forEach(body::putIfAbsent);
        }
        return json.writeValueAsString(body);
    }

    PaymentOutcome read(int status, String text) {
        Map<String, Object> body = reader.readValue(text);
        if (status == PaymentOutcome.Paid.STATUS && body.containsKey("paymentIds")) {
            return checkout(body);
        }
        if (status == PaymentOutcome.Paid.STATUS) {
            Payment payment = new Payment(number(body, "paymentId"), number(body, "reservationId"), number(body, "userId"),
                    number(body, "amount"), PaymentStatus.valueOf((String) body.get("status")),
                    Instant.parse((String) body.get("paidAt")));
            return new PaymentOutcome.Paid(payment, number(body, "balance"));
        }
        Map<String, Object> properties = new LinkedHashMap<>(body);
        properties.remove("status");
        String code = (String) properties.remove("code");
        String title = (String) properties.remove("title");
        String detail = (String) properties.remove("detail");
        properties.values().removeIf(value -> value == null);
        return new PaymentOutcome.Refused(status, code, title, detail, properties);
    }

    private static PaymentOutcome.CheckoutPaid checkout(Map<String, Object> body) {
        return new PaymentOutcome.CheckoutPaid(numbers(body, "paymentIds"), numbers(body, "reservationIds"),
                number(body, "userId"), number(body, "amount"), PaymentStatus.valueOf((String) body.get("status")),
                Instant.parse((String) body.get("paidAt")), number(body, "balance"));
    }

    private static List<Long> numbers(Map<String, Object> body, String field) {
        return ((List<?>) body.get(field)).stream().map(value -> ((Number) value).longValue()).toList();
    }

    private static long number(Map<String, Object> body, String field) {
        return ((Number) body.get(field)).longValue();
    }
}
