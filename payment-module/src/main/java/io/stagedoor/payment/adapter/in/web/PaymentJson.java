package io.stagedoor.payment.adapter.in.web;

import io.stagedoor.common.id.PaymentId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.payment.api.CheckoutReceipt;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.api.PaymentView;
import io.stagedoor.payment.api.UserPayments;
import java.time.Instant;
import java.util.List;

/**
 * The payment answers as docs/openapi.yaml gives them: plain numbers and names, written from the api's typed records
 * (the api knows no JSON library).
 */
final class PaymentJson {

    private PaymentJson() {
    }

    record Receipt(long paymentId, long reservationId, long userId, long amount, String status, Instant paidAt,
                   long balance) {

        static Receipt of(PaymentReceipt receipt) {
            return new Receipt(receipt.paymentId().value(), receipt.reservationId().value(), receipt.userId().value(),
                    receipt.amount().value(), receipt.status().name(), receipt.paidAt(), receipt.balance().value());
        }
    }

    record Checkout(List<Long> paymentIds, List<Long> reservationIds, long userId, long amount, String status,
                    Instant paidAt, long balance) {

        static Checkout of(CheckoutReceipt receipt) {
            return new Checkout(receipt.paymentIds().stream().map(PaymentId::value).toList(),
                    receipt.reservationIds().stream().map(ReservationId::value).toList(), receipt.userId().value(),
                    receipt.amount().value(), receipt.status().name(), receipt.paidAt(), receipt.balance().value());
        }
    }

    record Payment(long paymentId, long reservationId, long userId, long amount, String status, Instant paidAt) {

        static Payment of(PaymentView view) {
            return new Payment(view.paymentId().value(), view.reservationId().value(), view.userId().value(),
                    view.amount().value(), view.status().name(), view.paidAt());
        }
    }

    record Payments(long userId, List<Payment> payments, String nextCursor) {

        static Payments of(UserPayments page) {
            return new Payments(page.userId().value(), page.payments().stream().map(Payment::of).toList(),
                    page.nextCursor());
        }
    }
}
