package io.stagedoor.concert.application;

import io.stagedoor.concert.api.HoldSeatUseCase;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.api.SeatUnavailableException;
import io.stagedoor.concert.support.ConcertTestModule;
import io.stagedoor.concert.support.Contenders;
import io.stagedoor.concert.support.Contenders.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Invariant 1: a seat is held by at most one user at a time, however many try at the same instant. */
class SeatHoldContentionTest {

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
    void twoHundredContendersOnOneSeatYieldExactlyOneHold() throws Exception {
        CreatedConcert concert = module.concertWithOneSchedule(50, 130_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        HoldSeatUseCase holds = module.holdService();

        List<Outcome<ReservationView>> outcomes = Contenders.race(200, i ->
                holds.hold(new HoldSeatCommand(1000 + i, concert.concertId(), scheduleId, 7)).block());

        List<ReservationView> won = outcomes.stream().filter(Outcome::succeeded).map(Outcome::value).toList();
        assertThat(won).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !o.succeeded()))
                .hasSize(199)
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(SeatUnavailableException.class));
        ReservationView winner = won.get(0);
        assertThat(winner.status().name()).isEqualTo("HELD");
        assertThat(module.count("SELECT count(*) FROM concert.reservations WHERE schedule_id = " + scheduleId))
                .isEqualTo(1);
        assertThat(module.count("SELECT count(*) FROM concert.reservations WHERE schedule_id = " + scheduleId
                + " AND seat_number = 7 AND status = 'HELD' AND id = " + winner.reservationId())).isEqualTo(1);
        assertThat(module.seatStatus(scheduleId, 7)).isEqualTo("HELD");
        assertThat(module.seatHolder(scheduleId, 7)).isEqualTo(winner.userId().value());
        assertThat(module.count("SELECT count(*) FROM concert.seats WHERE schedule_id = " + scheduleId
                + " AND status <> 'AVAILABLE'")).isEqualTo(1);
    }

    @Test
    void twoHundredContendersOverFiftySeatsWinEachSeatExactlyOnce() throws Exception {
        CreatedConcert concert = module.concertWithOneSchedule(50, 99_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        HoldSeatUseCase holds = module.holdService();

        List<Outcome<ReservationView>> outcomes = Contenders.race(200, i ->
                holds.hold(new HoldSeatCommand(2000 + i, concert.concertId(), scheduleId, i % 50 + 1)).block());

        List<ReservationView> won = outcomes.stream().filter(Outcome::succeeded).map(Outcome::value).toList();
        Map<Integer, Long> winsPerSeat = won.stream()
                .collect(Collectors.groupingBy(ReservationView::seatNumber, Collectors.counting()));
        assertThat(winsPerSeat).hasSize(50).allSatisfy((seat, wins) -> assertThat(wins).isEqualTo(1));
        assertThat(outcomes.stream().filter(o -> !o.succeeded()))
                .hasSize(150)
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(SeatUnavailableException.class));
        // The database agrees: every seat HELD once, by its winner, through exactly one HELD reservation.
        assertThat(module.count("SELECT count(*) FROM concert.seats WHERE schedule_id = " + scheduleId
                + " AND status = 'HELD'")).isEqualTo(50);
        assertThat(module.count("SELECT count(*) FROM concert.reservations WHERE schedule_id = " + scheduleId))
                .isEqualTo(50);
        assertThat(module.count("SELECT count(DISTINCT seat_number) FROM concert.reservations WHERE schedule_id = "
                + scheduleId + " AND status = 'HELD'")).isEqualTo(50);
        assertThat(module.count("SELECT count(*) FROM concert.seats s JOIN concert.reservations r"
                + " ON r.id = s.reservation_id AND r.user_id = s.held_by AND r.seat_number = s.seat_number"
                + " WHERE s.schedule_id = " + scheduleId)).isEqualTo(50);
        for (ReservationView reservation : won) {
            assertThat(module.seatHolder(scheduleId, reservation.seatNumber())).isEqualTo(reservation.userId().value());
        }
    }

    @Test
    void contendersForAnExpiredHoldYieldExactlyOneNewHoldAndTheOldOneExpires() throws Exception {
        CreatedConcert concert = module.concertWithOneSchedule(50, 77_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        ReservationView first = module.holdService(Duration.ofSeconds(1))
                .hold(new HoldSeatCommand(3000, concert.concertId(), scheduleId, 12)).block();
        module.clock.advance(Duration.ofSeconds(2));
        HoldSeatUseCase holds = module.holdService();

        List<Outcome<ReservationView>> outcomes = Contenders.race(100, i ->
                holds.hold(new HoldSeatCommand(3001 + i, concert.concertId(), scheduleId, 12)).block());

        List<ReservationView> won = outcomes.stream().filter(Outcome::succeeded).map(Outcome::value).toList();
        assertThat(won).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !o.succeeded()))
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(SeatUnavailableException.class));
        assertThat(module.reservationStatus(first.reservationId().value())).isEqualTo("EXPIRED");
        assertThat(module.count("SELECT count(*) FROM concert.reservations WHERE schedule_id = " + scheduleId
                + " AND status = 'HELD'")).isEqualTo(1);
        assertThat(module.seatHolder(scheduleId, 12)).isEqualTo(won.get(0).userId().value());
    }
}
