package io.stagedoor.payment.application.port.out;

import io.stagedoor.payment.domain.Payment;
import io.stagedoor.payment.domain.PaymentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where payments and their append-only history are kept. All methods join the caller's transaction. */
public interface PaymentRecords {

    /** Reserves the id of the next payment (so its ledger entry can name it before the payment row exists). */
    Mono<Long> nextPaymentId();

    /**
     * Records a completed payment. Emits {@code false} (and writes nothing) when the reservation already has a
     * payment: the unique reservation_id is the exactly-once safety net.
     */
    Mono<Boolean> record(Payment payment);

    Mono<Void> append(PaymentEvent event);

    /** The user's payments, newest first. */
    Flux<Payment> ofUser(long userId);
}
