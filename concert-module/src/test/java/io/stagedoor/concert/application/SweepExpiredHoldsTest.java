package io.stagedoor.concert.application;

import io.stagedoor.concert.api.SweepExpiredHoldsUseCase;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.HoldSeatUseCase;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.concert.api.CreateConcertCommand;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.support.ConcertTestModule;
import io.stagedoor.concert.support.Contenders;
import io.stagedoor.concert.support.Contenders.Outcome;
import io.stagedoor.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sweeper: expired holds become EXPIRED with their seats freed, exactly once, paid ones never. */
class SweepExpiredHoldsTest {

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
    void sweepersOnManyThreadsAtOnceSweepEachExpiredHoldExactlyOnceAndNeverAPaidOne() throws Exception {
        Instant heldAt = module.now().minus(Duration.ofHours(1));
        CreatedConcert concert = module.concert(List.of(
                new CreateConcertCommand.Schedule(module.now().plus(Duration.ofDays(7)), 201, 130_000),
                new CreateConcertCommand.Schedule(module.now().plus(Duration.ofDays(8)), 201, 99_000)));
        String seatsOfConcert = "SELECT count(*) FROM concert.seats s JOIN concert.schedules sc ON sc.id = s.schedule_id"
                + " WHERE sc.concert_id = " + concert.concertId();
        String reservationsOfConcert = "SELECT count(*) FROM concert.reservations WHERE concert_id = " + concert.concertId();
        HoldSeatUseCase oldHolds = module.holdService(Duration.ofMinutes(5), new MutableClock(heldAt));
        ConfirmReservationUseCase oldConfirm = module.confirmService(new MutableClock(heldAt.plusSeconds(1)));
        int expiredHolds = 0;
        int paid = 0;
        for (CreatedConcert.Schedule schedule : concert.schedules()) {
            for (int seat = 1; seat <= 200; seat++) {
                ReservationView held = oldHolds.hold(
                        new HoldSeatCommand(10_000 + seat, concert.concertId(), schedule.scheduleId(), seat)).block();
                if (seat % 10 == 0) {
                    oldConfirm.confirm(held.reservationId(), held.userId()).block();
                    paid++;
                } else {
                    expiredHolds++;
                }
            }
        }
        ReservationView live = module.holdService().hold(new HoldSeatCommand(77, concert.concertId(),
                concert.schedules().get(0).scheduleId(), 201)).block();
        // small batches so the sweepers really interleave on the same rows
        SweepExpiredHoldsService sweeper = new SweepExpiredHoldsService(module.seatHolds, module.clock, 15, 1000);

        List<Outcome<Integer>> sweeps = Contenders.race(8, i -> sweeper.sweepExpiredHolds().block());

        assertThat(sweeps).allSatisfy(outcome -> assertThat(outcome.error()).isNull());
        assertThat(sweeps.stream().mapToInt(Outcome::value).sum()).isEqualTo(expiredHolds);
        assertThat(module.count(reservationsOfConcert + " AND status = 'EXPIRED'")).isEqualTo(expiredHolds);
        assertThat(module.count(reservationsOfConcert + " AND status = 'CONFIRMED'")).isEqualTo(paid);
        assertThat(module.count(reservationsOfConcert + " AND status = 'HELD'")).isEqualTo(1);
        assertThat(module.reservationStatus(live.reservationId().value())).isEqualTo("HELD");
        assertThat(module.count(seatsOfConcert + " AND s.status = 'SOLD'")).isEqualTo(paid);
        assertThat(module.count(seatsOfConcert + " AND s.status = 'HELD'")).isEqualTo(1);
        assertThat(module.count(seatsOfConcert + " AND s.status = 'AVAILABLE'")).isEqualTo(402 - paid - 1);
        assertThat(sweeper.sweepExpiredHolds().block()).isZero();
    }

    @Test
    void sweeperLeavesLiveHoldsAlone() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 77_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        ReservationView held = module.holdService(Duration.ofSeconds(30))
                .hold(new HoldSeatCommand(42, concert.concertId(), scheduleId, 1)).block();
        SweepExpiredHoldsUseCase sweeper = module.sweepService(new MutableClock(held.expiresAt().minusMillis(1)));

        sweeper.sweepExpiredHolds().block();

        assertThat(module.reservationStatus(held.reservationId().value())).isEqualTo("HELD");
        assertThat(module.seatStatus(scheduleId, 1)).isEqualTo("HELD");
    }
}
