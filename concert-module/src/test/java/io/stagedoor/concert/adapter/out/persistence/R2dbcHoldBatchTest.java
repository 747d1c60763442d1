package io.stagedoor.concert.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.application.port.out.HoldAttempt;
import io.stagedoor.concert.domain.FanLimits;
import io.stagedoor.concert.domain.Reservation;
import io.stagedoor.concert.domain.ReservationStatus;
import io.stagedoor.concert.domain.SeatOutlook;
import io.stagedoor.concert.support.ConcertTestModule;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/** The batched hold statement against real PostgreSQL: per request, exactly the answer a single hold gives. */
class R2dbcHoldBatchTest {

    private static ConcertTestModule module;
    private static R2dbcHoldBatch batch;

    @BeforeAll
    static void start() {
        module = ConcertTestModule.start();
        batch = new R2dbcHoldBatch(module.db, FanLimits.standard());
    }

    @AfterAll
    static void stop() {
        module.close();
    }

    private static Instant now() {
        return module.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static HoldRequest request(long userId, CreatedConcert concert, int seat, Instant now) {
        return request(userId, concert.concertId(), concert.schedules().get(0).scheduleId(), seat, now);
    }

    private static HoldRequest request(long userId, long concertId, long scheduleId, int seat, Instant now) {
        return new HoldRequest(userId, concertId, scheduleId, seat, now, now.plus(Duration.ofMinutes(5)));
    }

    private static Reservation reservationOf(HoldAttempt attempt) {
        assertThat(attempt).isInstanceOf(HoldAttempt.Won.class);
        return ((HoldAttempt.Won) attempt).reservation();
    }

    private static SeatOutlook outlookOf(HoldAttempt attempt) {
        assertThat(attempt).isInstanceOf(HoldAttempt.Lost.class);
        assertThat(((HoldAttempt.Lost) attempt).outlook()).isPresent();
        return ((HoldAttempt.Lost) attempt).outlook().get();
    }

    @Test
    void batchWithManyRequestsForOneSeatHasExactlyOneWinnerAndTheOthersLoseWithTheSeatsFacts() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 130_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        Instant now = now();
        List<HoldRequest> requests = IntStream.range(0, 20).mapToObj(i -> request(100 + i, concert, 7, now)).toList();

        List<HoldAttempt> attempts = batch.holdAll(requests).block();

        assertThat(attempts).hasSize(20);
        List<Integer> winners = IntStream.range(0, 20)
                .filter(i -> attempts.get(i) instanceof HoldAttempt.Won).boxed().toList();
        assertThat(winners).hasSize(1);
        Reservation won = reservationOf(attempts.get(winners.get(0)));
        assertThat(won.userId()).isEqualTo(requests.get(winners.get(0)).userId());
        assertThat(module.seatHolder(scheduleId, 7)).isEqualTo(won.userId());
        assertThat(attempts).filteredOn(a -> a instanceof HoldAttempt.Lost).hasSize(19).allSatisfy(lost ->
                assertThat(outlookOf(lost)).isEqualTo(new SeatOutlook(concert.concertId(),
                        concert.schedules().get(0).startsAt(), true)));
        assertThat(module.count("SELECT count(*) FROM concert.reservations WHERE schedule_id = " + scheduleId))
                .isEqualTo(1);
    }

    @Test
    void mixedBatchGivesEveryCallerTheAnswerOfItsOwnSingleHold() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 130_000);
        CreatedConcert other = module.concertWithOneSchedule(50, 90_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        Instant startsAt = concert.schedules().get(0).startsAt();
        Instant now = now();
        // seat 2 already held by user 1; seat 9 held by user 2 until now + 1 s (expired for a request at now + 2 s)
        reservationOf(module.seatHolds.hold(1, concert.concertId(), scheduleId, 2, now, now.plusSeconds(300)).block());
        Reservation expiring = reservationOf(
                module.seatHolds.hold(2, concert.concertId(), scheduleId, 9, now, now.plusSeconds(1)).block());
        Instant later = now.plusSeconds(2);

        List<HoldRequest> requests = new ArrayList<>(List.of(
                request(10, concert, 1, later),                                            // 0 free seat
                request(11, concert, 2, later),                                            // 1 held by someone else
                request(12, concert, 77, later),                                           // 2 no such seat
                request(13, concert.concertId(), other.schedules().get(0).scheduleId(), 1, later), // 3 other concert's schedule
                request(14, concert.concertId(), 987_654_321L, 1, later),                  // 4 no such schedule
                request(15, concert, 3, startsAt.plusSeconds(60)),                         // 5 schedule already started
                request(16, concert, 9, later)));                                          // 6 previous hold expired

        List<HoldAttempt> attempts = batch.holdAll(requests).block();

        Reservation free = reservationOf(attempts.get(0));
        assertThat(free).isEqualTo(new Reservation(free.id(), 10, concert.concertId(), scheduleId, 1, 130_000,
                ReservationStatus.HELD, later.plus(Duration.ofMinutes(5))));
        assertThat(outlookOf(attempts.get(1))).isEqualTo(new SeatOutlook(concert.concertId(), startsAt, true));
        assertThat(outlookOf(attempts.get(2))).isEqualTo(new SeatOutlook(concert.concertId(), startsAt, false));
        assertThat(outlookOf(attempts.get(3)).scheduleConcertId()).isEqualTo(other.concertId());
        assertThat(attempts.get(4)).isEqualTo(new HoldAttempt.Lost(java.util.Optional.empty()));
        assertThat(outlookOf(attempts.get(5))).isEqualTo(new SeatOutlook(concert.concertId(), startsAt, true));
        Reservation superseding = reservationOf(attempts.get(6));
        assertThat(superseding.userId()).isEqualTo(16);
        assertThat(module.reservationStatus(expiring.id())).isEqualTo("EXPIRED");
        assertThat(module.reservationStatus(superseding.id())).isEqualTo("HELD");
        assertThat(module.seatHolder(scheduleId, 9)).isEqualTo(16L);
        assertThat(module.seatStatus(scheduleId, 3)).isEqualTo("AVAILABLE");
        assertThat(module.seatHolder(other.schedules().get(0).scheduleId(), 1)).isNull();
    }

    @Test
    void batchThatWouldCreateASecondLiveReservationFailsEveryCallerAndWritesNothing() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 130_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        // an orphaned CONFIRMED reservation on a seat that says AVAILABLE (no statement of ours leaves this)
        module.database.execute("""
                INSERT INTO concert.reservations (user_id, concert_id, schedule_id, seat_number, price, status,
                                                  expires_at, created_at, updated_at)
                VALUES (1, %d, %d, 4, 130000, 'CONFIRMED', now(), now(), now())
                """.formatted(concert.concertId(), scheduleId));
        Instant now = now();

        assertThatThrownBy(() -> batch.holdAll(List.of(request(2, concert, 5, now), request(3, concert, 4, now))).block())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining(R2dbcSeatHolds.ONE_LIVE_PER_SEAT);

        assertThat(module.seatStatus(scheduleId, 4)).isEqualTo("AVAILABLE");
        assertThat(module.seatStatus(scheduleId, 5)).isEqualTo("AVAILABLE");
        assertThat(module.count("SELECT count(*) FROM concert.reservations WHERE schedule_id = " + scheduleId))
                .isEqualTo(1);
    }
}
