package io.stagedoor.concert.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.common.id.UserId;
import io.stagedoor.concert.api.AvailableSchedule;
import io.stagedoor.concert.api.ConcertNotFoundException;
import io.stagedoor.concert.api.CreateConcertCommand.Schedule;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.api.FreeSeat;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.api.ScheduleNotFoundException;
import io.stagedoor.concert.support.ConcertTestModule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Flows 3 and 4: available dates and free seats. */
class AvailabilityTest {

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
    void availableSchedulesAreFutureOnesWithAFreeSeatSoonestFirstWithTheirFreeCount() {
        Instant now = module.now();
        CreatedConcert concert = module.concert(List.of(
                new Schedule(now.plus(Duration.ofDays(21)), 50, 77_000),
                new Schedule(now.minus(Duration.ofDays(1)), 50, 77_000),
                new Schedule(now.plus(Duration.ofDays(7)), 3, 130_000),
                new Schedule(now.plus(Duration.ofDays(14)), 2, 99_000)));
        long later = concert.schedules().get(0).scheduleId();
        long soon = concert.schedules().get(2).scheduleId();
        long soldOut = concert.schedules().get(3).scheduleId();
        HoldSeatUseCase holds = module.holdService();
        holds.hold(new HoldSeatCommand(1, concert.concertId(), soon, 2)).block();
        holds.hold(new HoldSeatCommand(2, concert.concertId(), soldOut, 1)).block();
        ReservationView paid = holds.hold(new HoldSeatCommand(3, concert.concertId(), soldOut, 2)).block();
        module.confirmService().confirm(paid.reservationId(), UserId.of(3)).block();

        List<AvailableSchedule> schedules = module.availability.availableSchedules(concert.concertId()).block();

        assertThat(schedules).containsExactly(
                new AvailableSchedule(soon, now.plus(Duration.ofDays(7)), 2),
                new AvailableSchedule(later, now.plus(Duration.ofDays(21)), 50));
    }

    @Test
    void expiredHoldCountsAsFreeInBothListings() {
        CreatedConcert concert = module.concertWithOneSchedule(2, 130_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        // what the database counts as free at each instant, with no cache in between
        ConcertTestModule.Availability availability = module.uncachedAvailability();
        ReservationView held = module.holdService(Duration.ofSeconds(10))
                .hold(new HoldSeatCommand(1, concert.concertId(), scheduleId, 1)).block();
        module.holdService().hold(new HoldSeatCommand(2, concert.concertId(), scheduleId, 2)).block();
        assertThat(availability.availableSchedules(concert.concertId()).block()).isEmpty();
        assertThat(availability.freeSeats(concert.concertId(), scheduleId).block()).isEmpty();

        module.clock.set(held.expiresAt());

        assertThat(availability.availableSchedules(concert.concertId()).block())
                .extracting(AvailableSchedule::availableSeats).containsExactly(1);
        assertThat(availability.freeSeats(concert.concertId(), scheduleId).block())
                .containsExactly(new FreeSeat(1, 130_000));
    }

    @Test
    void freeSeatsAreNumberedFromOneToFiftyInOrderWithTheirPrices() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 99_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        module.holdService().hold(new HoldSeatCommand(1, concert.concertId(), scheduleId, 25)).block();

        List<FreeSeat> seats = module.availability.freeSeats(concert.concertId(), scheduleId).block();

        assertThat(seats).extracting(FreeSeat::seatNumber)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 50).filter(n -> n != 25).boxed().toList());
        assertThat(seats).extracting(FreeSeat::price).containsOnly(99_000L);
    }

    @Test
    void unknownConcertIsNotFoundWhileAConcertWithNothingLeftIsAnEmptyList() {
        assertThatThrownBy(() -> module.availability.availableSchedules(987_654_321L).block())
                .isInstanceOf(ConcertNotFoundException.class);
        CreatedConcert past = module.concert(List.of(new Schedule(module.now().minusSeconds(1), 50, 77_000)));
        assertThat(module.availability.availableSchedules(past.concertId()).block()).isEmpty();
    }

    @Test
    void seatsOfAnUnknownStartedOrOtherConcertsScheduleAreNotFound() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 99_000);
        CreatedConcert other = module.concertWithOneSchedule(50, 99_000);
        CreatedConcert past = module.concert(List.of(new Schedule(module.now().minusSeconds(1), 50, 77_000)));

        assertThatThrownBy(() -> module.availability.freeSeats(concert.concertId(), 987_654_321L).block())
                .isInstanceOf(ScheduleNotFoundException.class);
        assertThatThrownBy(() -> module.availability.freeSeats(concert.concertId(),
                other.schedules().get(0).scheduleId()).block())
                .isInstanceOf(ScheduleNotFoundException.class);
        assertThatThrownBy(() -> module.availability.freeSeats(past.concertId(),
                past.schedules().get(0).scheduleId()).block())
                .isInstanceOf(ScheduleNotFoundException.class);
    }

    @Test
    void concertsAreListedAndKnownToExist() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 99_000);

        assertThat(module.catalog.listConcerts().block())
                .anyMatch(c -> c.concertId() == concert.concertId() && c.title().equals(concert.title()));
        assertThat(module.catalog.exists(concert.concertId()).block()).isTrue();
        assertThat(module.catalog.exists(987_654_321L).block()).isFalse();
        assertThat(module.catalog.exists(0).block()).isFalse();
    }
}
