package io.stagedoor.payment.application;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.concert.api.ReservationAlreadyPaidException;
import io.stagedoor.concert.api.ReservationExpiredException;
import io.stagedoor.concert.api.ReservationOfUser;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.payment.api.PaymentForAnotherConcertException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sells the seats of a checkout inside the payment's transaction: every reservation must be a live hold of the payer
 * for the concert the token admits to. The first one refused (in the order the client named them) fails the whole
 * checkout with the error the one-reservation form gives for it, so the transaction rolls back.
 */
final class ReservationConfirmation {

    private final ConfirmReservationUseCase one;
    private final ConfirmReservationsUseCase many;
    private final LoadReservationQuery reservations;

    ReservationConfirmation(ConfirmReservationUseCase one, ConfirmReservationsUseCase many, LoadReservationQuery reservations) {
        this.one = Objects.requireNonNull(one);
        this.many = Objects.requireNonNull(many);
        this.reservations = Objects.requireNonNull(reservations);
    }

    /** The confirmed reservations, in the checkout's order. */
    Mono<List<ReservationView>> confirm(Checkout checkout) {
        if (!checkout.isCheckoutForm()) {
            return confirmOne(checkout, checkout.reservationIds().get(0)).map(List::of);
        }
        // one statement locks every seat in seat order, as a batch does, so two checkouts never deadlock on each other
        List<ReservationOfUser> wanted = checkout.reservationIds().stream()
                .map(id -> new ReservationOfUser(ReservationId.of(id), UserId.of(checkout.userId())))
                .toList();
        return many.confirmAll(wanted).flatMap(confirmed -> {
            Map<Long, ReservationView> byId = confirmed.stream()
                    .collect(Collectors.toMap(view -> view.reservationId().value(), Function.identity()));
            return Flux.fromIterable(checkout.reservationIds())
                    .concatMap(id -> byId.containsKey(id)
                            ? forTheAdmittedConcert(checkout, byId.get(id))
                            // refused by the set-based statement: the one-reservation path names the exact refusal
                            : confirmOne(checkout, id))
                    .collectList();
        });
    }

    /**
     * One reservation. The answer of another concert's reservation is the wrong-concert error even when it is also
     * expired or paid: only on such a refusal is the reservation loaded, to tell which error to raise.
     */
    private Mono<ReservationView> confirmOne(Checkout checkout, long reservationId) {
        return one.confirm(ReservationId.of(reservationId), UserId.of(checkout.userId()))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "ConfirmReservationUseCase emitted nothing for reservation " + reservationId)))
                .onErrorResume(refusal -> refusal instanceof ReservationExpiredException
                                || refusal instanceof ReservationAlreadyPaidException,
                        refusal -> reservations.load(ReservationId.of(reservationId), UserId.of(checkout.userId()))
                                .flatMap(reservation -> Mono.<ReservationView>error(
                                        reservation.concertId().value() != checkout.concertId()
                                                ? wrongConcert(checkout, reservation)
                                                : refusal))
                                .switchIfEmpty(Mono.error(refusal)))
                .flatMap(confirmed -> forTheAdmittedConcert(checkout, confirmed));
    }

    private static Mono<ReservationView> forTheAdmittedConcert(Checkout checkout, ReservationView confirmed) {
        return confirmed.concertId().value() == checkout.concertId()
                ? Mono.just(confirmed)
                : Mono.error(wrongConcert(checkout, confirmed));
    }

    private static PaymentForAnotherConcertException wrongConcert(Checkout checkout, ReservationView reservation) {
        return new PaymentForAnotherConcertException(reservation.reservationId().value(), reservation.concertId().value(),
                checkout.concertId());
    }
}
