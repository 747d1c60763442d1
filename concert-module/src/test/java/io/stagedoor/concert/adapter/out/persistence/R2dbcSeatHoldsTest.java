package io.stagedoor.concert.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.application.port.out.HoldAttempt;
import io.stagedoor.concert.support.ConcertTestModule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/** The statements' safety nets, exercised by putting rows into states the statements themselves never produce. */
class R2dbcSeatHoldsTest {

    private static ConcertTestModule module;

    @BeforeAll
    static void start() {
        module = ConcertTestModule.start();
    }

    @AfterAll
    static void stop() {
        module.close();
    }

    @Test
    void holdThatWouldCreateASecondLiveReservationIsRefusedByTheUniqueIndexAndWritesNothing() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 130_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        // an orphaned CONFIRMED reservation on a seat that says AVAILABLE (no statement of ours leaves this)
        module.database.execute("""
                INSERT INTO concert.reservations (user_id, concert_id, schedule_id, seat_number, price, status,
                                                  expires_at, created_at, updated_at)
                VALUES (1, %d, %d, 4, 130000, 'CONFIRMED', now(), now(), now())
                """.formatted(concert.concertId(), scheduleId));
        Instant now = module.now();

        assertThatThrownBy(() -> module.seatHolds.hold(2, concert.concertId(), scheduleId, 4, now,
                now.plus(Duration.ofMinutes(5))).block())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining(R2dbcSeatHolds.ONE_LIVE_PER_SEAT);

        assertThat(module.seatStatus(scheduleId, 4)).isEqualTo("AVAILABLE");
        assertThat(module.count("SELECT count(*) FROM concert.reservations WHERE schedule_id = " + scheduleId))
                .isEqualTo(1);
    }

    @Test
    void sweeperFreesAnExpiredSeatEvenWhenItsReservationRowIsOutOfStep() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 130_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        ReservationView held = module.holdService(Duration.ofSeconds(1))
                .hold(new HoldSeatCommand(1, concert.concertId(), scheduleId, 5)).block();
        module.database.execute("UPDATE concert.reservations SET status = 'CANCELLED' WHERE id = " + held.reservationId());

        int freed = module.seatHolds.releaseExpired(held.expiresAt().plusSeconds(1), 100).block();

        assertThat(freed).isEqualTo(1);
        assertThat(module.seatStatus(scheduleId, 5)).isEqualTo("AVAILABLE");
        assertThat(module.reservationStatus(held.reservationId().value())).isEqualTo("CANCELLED");
    }

    @Test
    void lostHoldReportsTheFactsThatExplainIt() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 130_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        Instant now = module.now();

        HoldAttempt noSeat = module.seatHolds.hold(1, concert.concertId(), scheduleId, 77, now, now.plusSeconds(60)).block();
        HoldAttempt noSchedule = module.seatHolds.hold(1, concert.concertId(), 987_654_321L, 1, now, now.plusSeconds(60)).block();

        assertThat(noSeat).isInstanceOfSatisfying(HoldAttempt.Lost.class, lost -> {
            assertThat(lost.outlook()).isPresent();
            assertThat(lost.outlook().get().seatExists()).isFalse();
            assertThat(lost.outlook().get().scheduleConcertId()).isEqualTo(concert.concertId());
        });
        assertThat(noSchedule).isInstanceOfSatisfying(HoldAttempt.Lost.class,
                lost -> assertThat(lost.outlook()).isEmpty());
    }
}
