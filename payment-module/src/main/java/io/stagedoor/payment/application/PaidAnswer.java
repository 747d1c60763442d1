package io.stagedoor.payment.application;

import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.application.port.out.PaymentReports;
import io.stagedoor.payment.domain.Payment;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import java.time.Duration;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * The answer to a payment that committed, shared by the single and the batched path: end the token's session (Redis
 * cannot take part in the PostgreSQL transaction, so after the commit), then the receipt. The payment stands whatever
 * happens to the expiry; the token then simply runs out.
 */
final class PaidAnswer {

    private static final Log log = LogFactory.getLog(PaidAnswer.class);
    private static final Duration EXPIRE_TOKEN_TIMEOUT = Duration.ofSeconds(2);

    private final ExpireTokenUseCase tokens;
    private final PaymentReports reports;

    PaidAnswer(ExpireTokenUseCase tokens, PaymentReports reports) {
        this.tokens = Objects.requireNonNull(tokens);
        this.reports = Objects.requireNonNull(reports);
    }

    Mono<PaymentReceipt> of(PayCommand command, PaymentOutcome.Paid paid) {
        reports.completed();
        return expireToken(command.token(), paid.payment()).thenReturn(receiptOf(paid));
    }

    private Mono<Void> expireToken(String token, Payment payment) {
        return Mono.defer(() -> tokens.expire(token))
                .timeout(EXPIRE_TOKEN_TIMEOUT)
                .onErrorResume(failure -> RequestLog.warn(log, "Payment " + payment.id()
                        + " is committed, but expiring its queue token failed; the token will run out by itself: " + failure));
    }

    static PaymentReceipt receiptOf(PaymentOutcome.Paid paid) {
        Payment payment = paid.payment();
        return new PaymentReceipt(payment.id(), payment.reservationId(), payment.userId(), payment.amount(),
                payment.status().name(), payment.paidAt(), paid.balanceAfter());
    }
}
