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
import io.stagedoor.payment.application.ReservationConfirmation.Outcome.Confirmed;
import io.stagedoor.payment.application.ReservationConfirmation.Outcome.Refused;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sells the seats of a checkout inside the payment's transaction: every reservation must be a live hold of the payer
 * for the concert the token admits to. The first one refused (in the order the client named them) decides the whole
 * checkout: its answer is that refusal, the one the one-reservation form gives for it, and the caller fails its
 * transaction with it, so nothing is sold.
 */
final class ReservationConfirmation {

    /** What confirming a checkout's reservations came to. */
    sealed interface Outcome {

        /** The reservations confirmed, in the checkout's order. */
        record Confirmed(List<ReservationView> reservations) implements Outcome {

            public Confirmed {
                reservations = List.copyOf(reservations);
            }
        }

        /** The first reservation refused, and the problem that answers the checkout. */
        record Refused(RuntimeException problem) implements Outcome {

            public Refused {
                Objects.requireNonNull(problem, "problem");
            }
        }

        /** The confirmed reservations, or the refusal as the error that rolls the caller's transaction back. */
        default Mono<List<ReservationView>> orRefusal() {
            return this instanceof Refused refused
                    ? Mono.error(refused.problem())
                    : Mono.just(((Confirmed) this).reservations());
        }
    }

    private final ConfirmReservationUseCase one;
    private final ConfirmReservationsUseCase many;
    private final LoadReservationQuery reservations;

    ReservationConfirmation(ConfirmReservationUseCase one, ConfirmReservationsUseCase many, LoadReservationQuery reservations) {
        this.one = Objects.requireNonNull(one);
        this.many = Objects.requireNonNull(many);
        this.reservations = Objects.requireNonNull(reservations);
    }

    Mono<Outcome> confirm(Checkout checkout) {
        if (!checkout.isCheckoutForm()) {
            return confirmOne(checkout, checkout.reservationIds().get(0));
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
                            ? Mono.just(forTheAdmittedConcert(checkout, byId.get(id)))
                            // refused by the set-based statement: the one-reservation path names the exact refusal
                            : confirmOne(checkout, id))
                    .takeUntil(outcome -> outcome instanceof Refused)
                    .collectList()
                    .map(ReservationConfirmation::firstRefusalOrAll);
        });
    }

    /** The first refusal among the reservations' outcomes, or all of them confirmed, in order. */
    private static Outcome firstRefusalOrAll(List<Outcome> outcomes) {
        List<ReservationView> confirmed = new ArrayList<>(outcomes.size());
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Refused refused) {
                return refused;
            }
            confirmed.addAll(((Confirmed) outcome).reservations());
        }
        return new Confirmed(confirmed);
    }

    /**
     * One reservation. The answer of another concert's reservation is the wrong-concert refusal even when it is also
     * expired or paid: only on such a refusal is the reservation loaded, to tell which refusal it is. A reservation
     * that does not exist (or is not the payer's) fails as the concert module says.
     */
    private Mono<Outcome> confirmOne(Checkout checkout, long reservationId) {
        return one.confirm(ReservationId.of(reservationId), UserId.of(checkout.userId()))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "ConfirmReservationUseCase emitted nothing for reservation " + reservationId)))
                .map(confirmed -> forTheAdmittedConcert(checkout, confirmed))
                // the concert module reports a refusal as its error: here it becomes the checkout's refusal value
                .onErrorResume(ReservationConfirmation::isRefusalToConfirm,
                        refusal -> whichRefusal(checkout, reservationId, (RuntimeException) refusal));
    }

    private static boolean isRefusalToConfirm(Throwable error) {
        return error instanceof ReservationExpiredException || error instanceof ReservationAlreadyPaidException;
    }

    /** Another concert's reservation is refused as such; the concert's refusal stands otherwise. */
    private Mono<Outcome> whichRefusal(Checkout checkout, long reservationId, RuntimeException byConcert) {
        return reservations.load(ReservationId.of(reservationId), UserId.of(checkout.userId()))
                .<Outcome>map(reservation -> new Refused(reservation.concertId().value() != checkout.concertId()
                        ? wrongConcert(checkout, reservation)
                        : byConcert))
                .defaultIfEmpty(new Refused(byConcert));
    }

    private static Outcome forTheAdmittedConcert(Checkout checkout, ReservationView confirmed) {
        return confirmed.concertId().value() == checkout.concertId()
                ? new Confirmed(List.of(confirmed))
                : new Refused(wrongConcert(checkout, confirmed));
    }

    private static PaymentForAnotherConcertException wrongConcert(Checkout checkout, ReservationView reservation) {
        return new PaymentForAnotherConcertException(reservation.reservationId().value(), reservation.concertId().value(),
                checkout.concertId());
    }
}
