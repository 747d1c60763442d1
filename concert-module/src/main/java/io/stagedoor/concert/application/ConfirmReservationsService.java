package io.stagedoor.concert.application;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.concert.api.ConfirmedSale;
import io.stagedoor.concert.api.FanOfConcert;
import io.stagedoor.concert.api.ReservationOfUser;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.application.port.out.SeatSales;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Confirms many live holds at once for a batch of payments (inside the payment's transaction). Like
 * {@link ConfirmReservationService} it opens no transaction of its own and raises nothing for a refusal: the caller
 * decides what a refused reservation means.
 */
final class ConfirmReservationsService implements ConfirmReservationsUseCase {

    private final SeatSales sales;
    private final Clock clock;
    private final int defaultTicketsPerFan;

    /** @param defaultTicketsPerFan the ticket limit of a concert that has none of its own */
    ConfirmReservationsService(SeatSales sales, Clock clock, int defaultTicketsPerFan) {
        this.sales = Objects.requireNonNull(sales);
        this.clock = Objects.requireNonNull(clock);
        this.defaultTicketsPerFan = defaultTicketsPerFan;
    }

    @Override
    public Mono<List<ReservationView>> confirmAll(List<ReservationOfUser> reservations) {
        return Mono.defer(() -> {
            if (reservations.isEmpty()) {
                return Mono.just(List.<ReservationView>of());
            }
            requireDistinct(reservations.stream().map(ReservationOfUser::reservationId).toList());
            Instant now = Now.of(clock);
            return sales.confirmAll(reservations, now)
                    .map(confirmed -> confirmed.stream().map(reservation -> ReservationViews.view(reservation, now)).toList());
        });
    }

    @Override
    public Mono<List<ConfirmedSale>> confirmAllWithinTicketLimits(List<FanOfConcert> fans,
                                                                 List<ReservationOfUser> reservations) {
        return Mono.defer(() -> {
            if (reservations.isEmpty()) {
                return Mono.just(List.<ConfirmedSale>of());
            }
            requireDistinct(reservations.stream().map(ReservationOfUser::reservationId).toList());
            Instant now = Now.of(clock);
            return sales.confirmAllWithinTicketLimits(fans, reservations, now, defaultTicketsPerFan)
                    .map(sales -> sales.stream()
                            .map(sale -> new ConfirmedSale(ReservationViews.view(sale.reservation(), now),
                                    sale.pastTicketLimit()))
                            .toList());
        });
    }

    @Override
    public Mono<Integer> undoConfirmations(List<ReservationId> reservationIds) {
        return Mono.defer(() -> {
            if (reservationIds.isEmpty()) {
                return Mono.just(0);
            }
            requireDistinct(reservationIds);
            return sales.undoConfirmations(reservationIds.stream().map(ReservationId::value).toList());
        });
    }

    /** One statement updates a row at most once, so a reservation named twice would get one answer for two callers. */
    private static void requireDistinct(List<ReservationId> reservationIds) {
        Set<ReservationId> seen = new HashSet<>();
        for (ReservationId id : reservationIds) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException("reservation " + id + " is named twice in one batch");
            }
        }
    }
}
