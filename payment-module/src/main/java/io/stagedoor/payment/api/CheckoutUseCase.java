package io.stagedoor.payment.api;

import reactor.core.publisher.Mono;

/**
 * Pays several of the admitted user's live holds for the token's concert in ONE transaction, all or none, with the
 * same guarantees as {@link PayReservationUseCase}: one admission pays once (of concurrent payments with one token,
 * exactly one succeeds), the Idempotency-Key replays the first answer, and a refusal of any one reservation (not the
 * caller's, expired, paid, another concert) is the refusal the one-reservation form gives for it, with nothing paid.
 * More reservations than the concert's ticket limit is {@link TooManyReservationsException}.
 */
public interface CheckoutUseCase {

    Mono<CheckoutReceipt> checkout(CheckoutCommand command);
}
