package io.stagedoor.concert.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.common.id.UserId;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.ReservationExpiredException;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.api.SeatUnavailableException;
import io.stagedoor.concert.support.ConcertTestModule;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Invariant 2: a hold expires after its time; the seat is then free for others and the old holder cannot pay. */
class HoldExpiryTest {

    private static ConcertTestModule module;

    @BeforeAll
    static void start() {
        module = ConcertTestModule.start();
    }

    @AfterAll
    static void stop() {
        module.close();
    }

    /** Real time throughout (system clock, real sleep): nothing hides behind a test clock. */
    @Test
    void oneSecondHoldRunsOutThenAnotherUserHoldsTheSeatAndTheFirstCannotConfirm() throws Exception {
        Clock realTime = Clock.systemUTC();
        CreatedConcert concert = module.concertWithOneSchedule(50, 130_000);
        long concertId = concert.concertId();
        long scheduleId = concert.schedules().get(0).scheduleId();
        HoldSeatUseCase oneSecondHolds = module.holdService(Duration.ofSeconds(1), realTime);
        HoldSeatUseCase normalHolds = module.holdService(Duration.ofMinutes(5), realTime);

        ReservationView first = oneSecondHolds.hold(new HoldSeatCommand(1, concertId, scheduleId, 5)).block();
        ReservationView untouched = oneSecondHolds.hold(new HoldSeatCommand(1, concertId, scheduleId, 6)).block();
        assertThatThrownBy(() -> normalHolds.hold(new HoldSeatCommand(2, concertId, scheduleId, 5)).block())
                .isInstanceOf(SeatUnavailableException.class);

        Thread.sleep(1_200);

        // The seat is free for the next caller at once, with no sweep in between.
        ReservationView second = normalHolds.hold(new HoldSeatCommand(2, concertId, scheduleId, 5)).block();
        assertThat(second.userId().value()).isEqualTo(2);
        assertThat(module.seatHolder(scheduleId, 5)).isEqualTo(2L);
        assertThat(module.reservationStatus(first.reservationId().value())).isEqualTo("EXPIRED");
        // The first holder can pay for neither the retaken seat nor the seat whose hold merely ran out.
        ConfirmReservationUseCase confirm = module.confirmService(realTime);
        assertThatThrownBy(() -> confirm.confirm(first.reservationId(), UserId.of(1)).block())
                .isInstanceOf(ReservationExpiredException.class);
        assertThatThrownBy(() -> confirm.confirm(untouched.reservationId(), UserId.of(1)).block())
                .isInstanceOf(ReservationExpiredException.class);
        assertThat(module.lookup.load(untouched.reservationId(), UserId.of(1)).block().status().name()).isEqualTo("EXPIRED");
        assertThat(module.reservationStatus(untouched.reservationId().value())).isEqualTo("HELD");

        // The sweeper marks the one nobody retook EXPIRED and frees its seat; the live hold is left alone.
        int swept = module.sweepService(realTime).sweepExpiredHolds().block();

        assertThat(swept).isEqualTo(1);
        assertThat(module.reservationStatus(untouched.reservationId().value())).isEqualTo("EXPIRED");
        assertThat(module.seatStatus(scheduleId, 6)).isEqualTo("AVAILABLE");
        assertThat(module.reservationStatus(second.reservationId().value())).isEqualTo("HELD");
        assertThat(module.seatStatus(scheduleId, 5)).isEqualTo("HELD");
        assertThat(confirm.confirm(second.reservationId(), UserId.of(2)).block().status().name()).isEqualTo("CONFIRMED");
    }

    @Test
    void holdIsLiveUntilTheLastInstantBeforeItsExpiry() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 130_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        ReservationView held = module.holdService(Duration.ofSeconds(60))
                .hold(new HoldSeatCommand(1, concert.concertId(), scheduleId, 1)).block();
        HoldSeatUseCase others = module.holdService();
        // what the database counts as free at each instant, with no cache in between
        ConcertTestModule.Availability availability = module.uncachedAvailability();

        module.clock.set(held.expiresAt().minusMillis(1));
        assertThatThrownBy(() -> others.hold(new HoldSeatCommand(2, concert.concertId(), scheduleId, 1)).block())
                .isInstanceOf(SeatUnavailableException.class);
        assertThat(availability.freeSeats(concert.concertId(), scheduleId).block())
                .noneMatch(seat -> seat.seatNumber() == 1);

        module.clock.set(held.expiresAt());
        assertThat(availability.freeSeats(concert.concertId(), scheduleId).block())
                .anyMatch(seat -> seat.seatNumber() == 1);
        assertThat(others.hold(new HoldSeatCommand(2, concert.concertId(), scheduleId, 1)).block().userId().value())
                .isEqualTo(2);
    }
}
