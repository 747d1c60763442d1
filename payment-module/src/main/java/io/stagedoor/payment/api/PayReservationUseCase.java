package io.stagedoor.payment.api;

import reactor.core.publisher.Mono;

/**
 * Pays a held reservation from the admitted user's balance, exactly once and all or nothing:
 * reservation confirmed (seat sold), balance debited (PAYMENT ledger entry), payment and its history recorded and the
 * Idempotency-Key outcome stored commit in one PostgreSQL transaction; the queue token is expired after the commit.
 *
 * <p>Fails with the owners' own problems, untouched: RESERVATION_NOT_FOUND, RESERVATION_EXPIRED,
 * RESERVATION_ALREADY_PAID (concert), INSUFFICIENT_BALANCE (account); and with this module's
 * {@link PaymentForAnotherConcertException}, {@link ReservationPaidConcurrentlyException},
 * {@link IdempotencyKeyReusedException}, {@link IdempotencyRequestInProgressException} and, for a replayed refusal,
 * {@link ReplayedRefusalException}.
 */
public interface PayReservationUseCase {

    Mono<PaymentReceipt> pay(PayCommand command);
}
