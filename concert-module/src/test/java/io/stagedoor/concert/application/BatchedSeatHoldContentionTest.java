package io.stagedoor.concert.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.api.HoldLimitReachedException;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.api.SeatUnavailableException;
import io.stagedoor.concert.support.ConcertTestModule;
import io.stagedoor.concert.support.Contenders.Outcome;
import io.stagedoor.concert.support.Contenders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invariant 1 through micro-batched holds: batches mixing many users' requests for overlapping seats, several batches
 * at once, still give each seat to exactly one user, with exactly one live reservation per seat.
 */
class BatchedSeatHoldContentionTest {

    private static ConcertTestModule module;
    private static HoldSeatUseCase holds;

    @BeforeAll
    static void start() {
        module = ConcertTestModule.start();
        holds = module.batchedHoldService(16, 4);
    }

    @AfterAll
    static void stop() {
        module.close();
    }

    /** What one contender got: the seats it won and the seats it was refused. */
    private record Tally(List<ReservationView> won, List<Throwable> refused) {
    }

    @Test
    void fortyEightContendersTryingEverySeatInTheirOwnOrderWinEachSeatExactlyOnce() throws Exception {
        int seats = 50;
        CreatedConcert concert = module.concertWithOneSchedule(seats, 99_000);
        long scheduleId = concert.schedules().get(0).scheduleId();

        List<Outcome<Tally>> outcomes = Contenders.race(48, i -> {
            // every contender wants every seat, in its own order, so concurrent batches overlap in opposite orders
            List<Integer> order = new ArrayList<>(IntStream.rangeClosed(1, seats).boxed().toList());
            Collections.shuffle(order, new Random(i));
            Tally tally = new Tally(new ArrayList<>(), new ArrayList<>());
            for (int seat : order) {
                try {
                    tally.won().add(holds.hold(new HoldSeatCommand(5000 + i, concert.concertId(), scheduleId, seat))
                            .block());
                } catch (RuntimeException refused) {
                    tally.refused().add(refused);
                }
            }
            return tally;
        });

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
        List<ReservationView> won = outcomes.stream().flatMap(o -> o.value().won().stream()).toList();
        assertThat(won.stream().collect(Collectors.groupingBy(ReservationView::seatNumber, Collectors.counting())))
                .hasSize(seats).allSatisfy((seat, wins) -> assertThat(wins).isEqualTo(1));
        assertThat(outcomes.stream().flatMap(o -> o.value().refused().stream()))
                .hasSize(48 * seats - seats)
                .allSatisfy(refused -> assertThat(refused)
                        .isInstanceOfAny(SeatUnavailableException.class, HoldLimitReachedException.class));
        // and no contender holds more than the per-fan limit
        assertThat(outcomes).allSatisfy(o -> assertThat(o.value().won()).hasSizeLessThanOrEqualTo(4));
        // the database agrees: one live reservation per seat, each seat HELD by the user its Won answer named
        assertThat(module.count("SELECT count(*) FROM concert.reservations WHERE schedule_id = " + scheduleId))
                .isEqualTo(seats);
        assertThat(module.count("SELECT count(DISTINCT seat_number) FROM concert.reservations WHERE schedule_id = "
                + scheduleId + " AND status IN ('HELD', 'CONFIRMED')")).isEqualTo(seats);
        Map<ReservationId, ReservationView> byId = won.stream()
                .collect(Collectors.toMap(ReservationView::reservationId, Function.identity()));
        assertThat(byId).hasSize(seats);
        for (ReservationView reservation : won) {
            assertThat(module.seatStatus(scheduleId, reservation.seatNumber())).isEqualTo("HELD");
            assertThat(module.seatHolder(scheduleId, reservation.seatNumber())).isEqualTo(reservation.userId().value());
            assertThat(module.count("SELECT count(*) FROM concert.seats s JOIN concert.reservations r"
                    + " ON r.id = s.reservation_id AND r.user_id = s.held_by AND r.status = 'HELD'"
                    + " WHERE s.schedule_id = " + scheduleId + " AND s.seat_number = " + reservation.seatNumber()
                    + " AND r.id = " + reservation.reservationId())).isEqualTo(1);
        }
    }

    @Test
    void twoHundredContendersOnOneSeatYieldExactlyOneHold() throws Exception {
        CreatedConcert concert = module.concertWithOneSchedule(50, 130_000);
        long scheduleId = concert.schedules().get(0).scheduleId();

        List<Outcome<ReservationView>> outcomes = Contenders.race(200, i ->
                holds.hold(new HoldSeatCommand(1000 + i, concert.concertId(), scheduleId, 7)).block());

        List<ReservationView> won = outcomes.stream().filter(Outcome::succeeded).map(Outcome::value).toList();
        assertThat(won).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !o.succeeded()))
                .hasSize(199)
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(SeatUnavailableException.class));
        assertThat(module.count("SELECT count(*) FROM concert.reservations WHERE schedule_id = " + scheduleId))
                .isEqualTo(1);
        assertThat(module.seatHolder(scheduleId, 7)).isEqualTo(won.get(0).userId().value());
    }

    @Test
    void contendersForAnExpiredHoldYieldExactlyOneNewHoldAndTheOldOneExpires() throws Exception {
        CreatedConcert concert = module.concertWithOneSchedule(50, 77_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        ReservationView first = module.holdService(Duration.ofSeconds(1))
                .hold(new HoldSeatCommand(3000, concert.concertId(), scheduleId, 12)).block();
        module.clock.advance(Duration.ofSeconds(2));

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
