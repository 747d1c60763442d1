package io.stagedoor.concert.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.concert.api.CancelReservationUseCase;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.ReservationAlreadyPaidException;
import io.stagedoor.concert.api.ReservationExpiredException;
import io.stagedoor.concert.api.ReservationNotFoundException;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.api.WrongConcertException;
import io.stagedoor.concert.support.ConcertTestModule;
import io.stagedoor.concert.support.OneConcertFixture;
import io.stagedoor.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CancelReservationTest {

    @RegisterExtension
    static final OneConcertFixture fixture = new OneConcertFixture(50, 99_000);
    private final ConcertTestModule module = fixture.module();
    private long concertId;
    private long scheduleId;
    private HoldSeatUseCase holds;
    private CancelReservationUseCase cancel;

    @BeforeEach
    void concert() {
        concertId = fixture.concertId();
        scheduleId = fixture.scheduleId();
        holds = module.holdService();
        cancel = module.cancelService();
    }

    private ReservationView hold(long userId, int seat) {
        return holds.hold(new HoldSeatCommand(userId, concertId, scheduleId, seat)).block();
    }

    @Test
    void cancelFreesTheSeatAtOnce() {
        ReservationView held = hold(42, 3);

        ReservationView cancelled = cancel.cancel(held.reservationId().value(), 42, concertId).block();

        assertThat(cancelled.status().name()).isEqualTo("CANCELLED");
        assertThat(module.reservationStatus(held.reservationId().value())).isEqualTo("CANCELLED");
        assertThat(module.seatStatus(scheduleId, 3)).isEqualTo("AVAILABLE");
        assertThat(module.availability.freeSeats(concertId, scheduleId).block()).anyMatch(s -> s.seatNumber() == 3);
        ReservationView next = hold(43, 3);
        assertThat(module.seatHolder(scheduleId, 3)).isEqualTo(43L);
        assertThat(module.reservationStatus(next.reservationId().value())).isEqualTo("HELD");
    }

    @Test
    void cancellingTwiceAnswersTheCancelledReservationAgain() {
        ReservationView held = hold(42, 4);
        cancel.cancel(held.reservationId().value(), 42, concertId).block();

        assertThat(cancel.cancel(held.reservationId().value(), 42, concertId).block().status().name()).isEqualTo("CANCELLED");
    }

    @Test
    void onlyTheHolderCanCancel() {
        ReservationView held = hold(42, 5);

        assertThatThrownBy(() -> cancel.cancel(held.reservationId().value(), 43, concertId).block())
                .isInstanceOf(ReservationNotFoundException.class);
        assertThat(module.seatStatus(scheduleId, 5)).isEqualTo("HELD");
        assertThat(module.reservationStatus(held.reservationId().value())).isEqualTo("HELD");
    }

    @Test
    void reservationOfAnotherConcertIsTheWrongConcert() {
        ReservationView held = hold(42, 6);

        assertThatThrownBy(() -> cancel.cancel(held.reservationId().value(), 42, concertId + 1000).block())
                .isInstanceOf(WrongConcertException.class);
        assertThatThrownBy(() -> module.lookup.get(held.reservationId().value(), 42, concertId + 1000).block())
                .isInstanceOf(WrongConcertException.class);
        assertThat(module.seatStatus(scheduleId, 6)).isEqualTo("HELD");
    }

    @Test
    void paidReservationIsNotReleasedByACancel() {
        ReservationView held = hold(42, 7);
        module.confirmService().confirm(held.reservationId(), UserId.of(42)).block();

        assertThatThrownBy(() -> cancel.cancel(held.reservationId().value(), 42, concertId).block())
                .isInstanceOf(ReservationAlreadyPaidException.class);
        assertThat(module.seatStatus(scheduleId, 7)).isEqualTo("SOLD");
    }

    @Test
    void holdThatRanOutCannotBeCancelled() {
        ReservationView held = hold(42, 8);
        CancelReservationService late = new CancelReservationService(module.seatHolds, module.records,
                new MutableClock(held.expiresAt()));

        assertThatThrownBy(() -> late.cancel(held.reservationId().value(), 42, concertId).block())
                .isInstanceOf(ReservationExpiredException.class);
    }

    @Test
    void holderReadsTheirOwnReservationAndNobodyElseCan() {
        ReservationView held = hold(42, 9);

        assertThat(module.lookup.get(held.reservationId().value(), 42, concertId).block()).isEqualTo(held);
        assertThat(module.lookup.load(held.reservationId(), UserId.of(42)).block()).isEqualTo(held);
        assertThatThrownBy(() -> module.lookup.get(held.reservationId().value(), 43, concertId).block())
                .isInstanceOf(ReservationNotFoundException.class);
        assertThatThrownBy(() -> module.lookup.load(held.reservationId(), UserId.of(43)).block())
                .isInstanceOf(ReservationNotFoundException.class);
        assertThatThrownBy(() -> module.lookup.load(ReservationId.of(987_654_321L), UserId.of(42)).block())
                .isInstanceOf(ReservationNotFoundException.class);
    }
}
