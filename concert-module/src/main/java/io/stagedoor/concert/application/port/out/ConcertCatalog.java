package io.stagedoor.concert.application.port.out;

import io.stagedoor.concert.api.ConcertSummary;
import io.stagedoor.concert.domain.SeatNumbering;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/** The concerts and their schedules as an operator sets them up. */
public interface ConcertCatalog {

    Mono<List<ConcertSummary>> allConcerts();

    /** At most {@code limit} concerts by id, after the concert {@code afterId} (null: from the first). */
    Mono<List<ConcertSummary>> concertsAfter(Long afterId, int limit);

    Mono<Boolean> concertExists(long concertId);

    /** Adds a concert and emits its id. */
    Mono<Long> addConcert(String title);

    /** Adds a schedule of the concert with seats {@code 1..seats.seatCount()} AVAILABLE at {@code price}; emits its id. */
    Mono<Long> addSchedule(long concertId, Instant startsAt, SeatNumbering seats, long price);
}
