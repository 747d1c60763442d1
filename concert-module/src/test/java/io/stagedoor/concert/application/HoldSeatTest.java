package io.stagedoor.concert.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.common.id.UserId;
import io.stagedoor.common.problem.StagedoorProblem;
import io.stagedoor.concert.api.CreateConcertCommand;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.api.ScheduleNotFoundException;
import io.stagedoor.concert.api.SeatNotFoundException;
import io.stagedoor.concert.api.SeatUnavailableException;
import io.stagedoor.concert.api.WrongConcertException;
import io.stagedoor.concert.support.ConcertTestModule;
import io.stagedoor.concert.support.OneConcertFixture;
import io.stagedoor.testsupport.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HoldSeatTest {

    @RegisterExtension
    static final OneConcertFixture fixture = new OneConcertFixture(50, 130_000);
    private final ConcertTestModule module = fixture.module();
    private CreatedConcert concert;
    private long concertId;
    private long scheduleId;
    private HoldSeatUseCase holds;

    @BeforeEach
    void concert() {
        concert = fixture.concert();
        concertId = fixture.concertId();
        scheduleId = fixture.scheduleId();
        holds = module.holdService();
    }

    private ReservationView hold(long userId, long concert, long schedule, int seat) {
        return holds.hold(new HoldSeatCommand(userId, concert, schedule, seat)).block();
    }

    @Test
    void holdRecordsAHeldReservationForTheUserWithTheSeatPrice() {
        ReservationView held = hold(42, concertId, scheduleId, 7);

        assertThat(held.userId().value()).isEqualTo(42);
        assertThat(held.concertId().value()).isEqualTo(concertId);
        assertThat(held.scheduleId().value()).isEqualTo(scheduleId);
        assertThat(held.seatNumber()).isEqualTo(7);
        assertThat(held.price().value()).isEqualTo(130_000);
        assertThat(held.status().name()).isEqualTo("HELD");
        assertThat(held.expiresAt()).isEqualTo(module.now().plus(Duration.ofMinutes(5)));
        assertThat(module.seatStatus(scheduleId, 7)).isEqualTo("HELD");
        assertThat(module.count("SELECT count(*) FROM concert.seats WHERE reservation_id = " + held.reservationId()))
                .isEqualTo(1);
    }

    @Test
    void secondHolderIsRefusedWhileSeatIsHeld() {
        hold(42, concertId, scheduleId, 8);

        assertThatThrownBy(() -> hold(43, concertId, scheduleId, 8))
                .isInstanceOf(SeatUnavailableException.class)
                .satisfies(e -> assertThat(((StagedoorProblem) e).kind().status()).isEqualTo(409))
                .satisfies(e -> assertThat(((StagedoorProblem) e).code())
                        .isEqualTo("SEAT_UNAVAILABLE"));
        assertThatThrownBy(() -> hold(42, concertId, scheduleId, 8)).isInstanceOf(SeatUnavailableException.class);
    }

    @Test
    void soldSeatIsRefusedForeverEvenLongAfterItsHoldTime() {
        ReservationView held = hold(42, concertId, scheduleId, 9);
        module.confirmService().confirm(held.reservationId(), UserId.of(42)).block();
        HoldSeatUseCase muchLater = module.holdService(Duration.ofMinutes(5),
                new MutableClock(held.expiresAt().plus(Duration.ofHours(1))));

        assertThatThrownBy(() -> muchLater.hold(new HoldSeatCommand(43, concertId, scheduleId, 9)).block())
                .isInstanceOf(SeatUnavailableException.class);
        assertThat(module.reservationStatus(held.reservationId().value())).isEqualTo("CONFIRMED");
    }

    @Test
    void seatNumbersOutsideOneToFiftyAreNotFound() {
        assertThatThrownBy(() -> hold(42, concertId, scheduleId, 0))
                .isInstanceOf(SeatNotFoundException.class)
                .satisfies(e -> assertThat(((StagedoorProblem) e).kind().status()).isEqualTo(404));
        assertThatThrownBy(() -> hold(42, concertId, scheduleId, 51)).isInstanceOf(SeatNotFoundException.class);
        assertThat(hold(42, concertId, scheduleId, 50).seatNumber()).isEqualTo(50);
        assertThat(hold(42, concertId, scheduleId, 1).seatNumber()).isEqualTo(1);
    }

    @Test
    void unknownScheduleIsNotFound() {
        assertThatThrownBy(() -> hold(42, concertId, 987_654_321L, 1)).isInstanceOf(ScheduleNotFoundException.class);
    }

    @Test
    void scheduleOfAnotherConcertThanTheTokensIsTheWrongConcert() {
        CreatedConcert other = module.concertWithOneSchedule(50, 130_000);

        assertThatThrownBy(() -> hold(42, concertId, other.schedules().get(0).scheduleId(), 1))
                .isInstanceOf(WrongConcertException.class)
                .satisfies(e -> assertThat(((StagedoorProblem) e).kind().status()).isEqualTo(403))
                .satisfies(e -> assertThat(((StagedoorProblem) e).code()).isEqualTo("QUEUE_WRONG_CONCERT"));
        assertThat(module.seatStatus(other.schedules().get(0).scheduleId(), 1)).isEqualTo("AVAILABLE");
    }

    @Test
    void scheduleThatAlreadyStartedTakesNoHolds() {
        CreatedConcert past = module.concert(List.of(
                new CreateConcertCommand.Schedule(module.now().minus(Duration.ofMinutes(1)), 50, 130_000)));

        assertThatThrownBy(() -> hold(42, past.concertId(), past.schedules().get(0).scheduleId(), 1))
                .isInstanceOf(ScheduleNotFoundException.class);
    }

    @Test
    void databaseRefusesASecondLiveReservationForTheSameSeat() {
        ReservationView held = hold(42, concertId, scheduleId, 10);

        assertThatThrownBy(() -> module.database.execute("""
                INSERT INTO concert.reservations (user_id, concert_id, schedule_id, seat_number, price, status,
                                                  expires_at, created_at, updated_at)
                VALUES (43, %d, %d, 10, 130000, 'HELD', now() + interval '5 minutes', now(), now())
                """.formatted(concertId, scheduleId)))
                .hasStackTraceContaining("reservations_one_live_per_seat_uk");
        module.confirmService().confirm(held.reservationId(), UserId.of(42)).block();
        assertThatThrownBy(() -> module.database.execute("""
                INSERT INTO concert.reservations (user_id, concert_id, schedule_id, seat_number, price, status,
                                                  expires_at, created_at, updated_at)
                VALUES (43, %d, %d, 10, 130000, 'CONFIRMED', now(), now(), now())
                """.formatted(concertId, scheduleId)))
                .hasStackTraceContaining("reservations_one_live_per_seat_uk");
    }

    @Test
    void seatRowCannotDescribeAHoldWithoutItsHolder() {
        assertThatThrownBy(() -> module.database.execute("UPDATE concert.seats SET status = 'HELD' WHERE schedule_id = "
                + scheduleId + " AND seat_number = 11"))
                .hasStackTraceContaining("seats_state_ck");
    }
}
