package io.stagedoor.concert.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.common.id.UserId;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.ReservationExpiredException;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.api.SweepExpiredHoldsUseCase;
import io.stagedoor.concert.support.ConcertTestModule;
import io.stagedoor.concert.support.Contenders.Outcome;
import io.stagedoor.concert.support.Contenders;
import io.stagedoor.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A confirm that checked the clock just before the expiry races a sweeper that checked it just after. Whoever locks
 * the seat first decides; the other must see that decision. Outcome: paid or expired, never both, never neither.
 */
class SweepConfirmRaceTest {

    private static final int ROUNDS = 60;
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
    void sweeperAndConfirmRacingForTheSameHoldEndPaidOrExpiredNeverBothNeverNeither() throws Exception {
        CreatedConcert concert = module.concertWithOneSchedule(ROUNDS, 130_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        Instant heldAt = module.now();
        Duration holdDuration = Duration.ofMinutes(5);
        Instant expiresAt = heldAt.plus(holdDuration);
        HoldSeatUseCase holds = module.holdService(holdDuration, new MutableClock(heldAt));
        ConfirmReservationUseCase confirm = module.confirmService(new MutableClock(expiresAt.minusMillis(1)));
        SweepExpiredHoldsUseCase sweeper = module.sweepService(new MutableClock(expiresAt.plusMillis(1)));
        int paid = 0;
        int expired = 0;

        for (int round = 1; round <= ROUNDS; round++) {
            long userId = 500 + round;
            ReservationView held = holds.hold(new HoldSeatCommand(userId, concert.concertId(), scheduleId, round)).block();

            List<Outcome<Object>> outcomes = Contenders.race(2, i -> i == 0
                    ? confirm.confirm(held.reservationId(), UserId.of(userId)).block()
                    : sweeper.sweepExpiredHolds().block());

            Outcome<Object> confirmOutcome = outcomes.get(0);
            Outcome<Object> sweepOutcome = outcomes.get(1);
            assertThat(sweepOutcome.succeeded()).as("round %d sweep", round).isTrue();
            String reservationStatus = module.reservationStatus(held.reservationId().value());
            String seatStatus = module.seatStatus(scheduleId, round);
            if (confirmOutcome.succeeded()) {
                paid++;
                assertThat(((ReservationView) confirmOutcome.value()).status().name()).isEqualTo("CONFIRMED");
                assertThat(sweepOutcome.value()).as("round %d: paid hold was also swept", round).isEqualTo(0);
                assertThat(reservationStatus).as("round %d reservation", round).isEqualTo("CONFIRMED");
                assertThat(seatStatus).as("round %d seat", round).isEqualTo("SOLD");
            } else {
                expired++;
                assertThat(confirmOutcome.error()).as("round %d confirm", round)
                        .isInstanceOf(ReservationExpiredException.class);
                assertThat(sweepOutcome.value()).as("round %d sweep count", round).isEqualTo(1);
                assertThat(reservationStatus).as("round %d reservation", round).isEqualTo("EXPIRED");
                assertThat(seatStatus).as("round %d seat", round).isEqualTo("AVAILABLE");
            }
        }

        assertThat(paid + expired).isEqualTo(ROUNDS);
        assertThat(module.count("SELECT count(*) FROM concert.reservations WHERE schedule_id = " + scheduleId
                + " AND status = 'CONFIRMED'")).isEqualTo(paid);
        assertThat(module.count("SELECT count(*) FROM concert.reservations WHERE schedule_id = " + scheduleId
                + " AND status = 'EXPIRED'")).isEqualTo(expired);
        assertThat(module.count("SELECT count(*) FROM concert.seats WHERE schedule_id = " + scheduleId
                + " AND status = 'SOLD'")).isEqualTo(paid);
    }
}
