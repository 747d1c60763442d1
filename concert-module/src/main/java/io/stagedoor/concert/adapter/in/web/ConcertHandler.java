package io.stagedoor.concert.adapter.in.web;

import io.stagedoor.common.request.PageQuery;
import io.stagedoor.concert.api.AvailableSchedule;
import io.stagedoor.concert.api.ConcertSummary;
import io.stagedoor.concert.api.ConcertsPage;
import io.stagedoor.concert.api.FreeSeat;
import io.stagedoor.concert.api.ListAvailableSchedulesQuery;
import io.stagedoor.concert.api.ListConcertsQuery;
import io.stagedoor.concert.api.ListFreeSeatsQuery;
import io.stagedoor.concert.api.MapSeat;
import io.stagedoor.concert.api.SeatMapQuery;
import io.stagedoor.concert.api.WrongConcertException;
import java.util.List;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Concerts, their available dates, free seats and seat maps. */
final class ConcertHandler {

    private final ListConcertsQuery concerts;
    private final ListAvailableSchedulesQuery schedules;
    private final ListFreeSeatsQuery seats;
    private final SeatMapQuery seatMap;

    ConcertHandler(ListConcertsQuery concerts, ListAvailableSchedulesQuery schedules, ListFreeSeatsQuery seats,
                          SeatMapQuery seatMap) {
        this.concerts = Objects.requireNonNull(concerts);
        this.schedules = Objects.requireNonNull(schedules);
        this.seats = Objects.requireNonNull(seats);
        this.seatMap = Objects.requireNonNull(seatMap);
    }

    /** GET /concerts (public): {@code ?limit=1..100} (default 100) and {@code ?cursor=} the previous page's nextCursor. */
    public Mono<ServerResponse> listConcerts(ServerRequest request) {
        return Mono.fromSupplier(() -> page(request))
                .flatMap(concerts::listConcerts)
                .flatMap(page -> json(new ConcertsResponse(page.concerts(), page.nextCursor())));
    }

    private static ConcertsPage page(ServerRequest request) {
        PageQuery page = PageQuery.parse(request.queryParam("limit").orElse(null), request.queryParam("cursor").orElse(null),
                ConcertsPage.DEFAULT_LIMIT, ConcertsPage.MAX_LIMIT);
        return new ConcertsPage(page.limit(), page.cursor());
    }

    /** GET /concerts/{concertId}/schedules (gated). */
    public Mono<ServerResponse> availableSchedules(ServerRequest request) {
        return Mono.defer(() -> {
            long concertId = admittedConcert(request);
            return schedules.availableSchedules(concertId)
                    .flatMap(list -> json(new SchedulesResponse(concertId, list)));
        });
    }

    /** GET /concerts/{concertId}/schedules/{scheduleId}/seats (gated). */
    public Mono<ServerResponse> freeSeats(ServerRequest request) {
        return Mono.defer(() -> {
            long concertId = admittedConcert(request);
            long scheduleId = RequestInput.positiveId(request, "scheduleId");
            return seats.freeSeats(concertId, scheduleId)
                    .flatMap(list -> json(new SeatsResponse(concertId, scheduleId, list)));
        });
    }

    /** GET /concerts/{concertId}/schedules/{scheduleId}/seat-map (gated): every seat, as the admitted user sees it. */
    public Mono<ServerResponse> seatMap(ServerRequest request) {
        return Mono.defer(() -> {
            long concertId = admittedConcert(request);
            long scheduleId = RequestInput.positiveId(request, "scheduleId");
            long viewerId = RequestInput.admittedUserId(request);
            return seatMap.seatMap(concertId, scheduleId, viewerId)
                    .flatMap(list -> json(new SeatMapResponse(concertId, scheduleId, list)));
        });
    }

    /** The {concertId} of the path; the gate already compared it with the token, this keeps the handler honest. */
    private static long admittedConcert(ServerRequest request) {
        long concertId = RequestInput.positiveId(request, "concertId");
        long admitted = RequestInput.admittedConcertId(request);
        if (admitted != concertId) {
            throw new WrongConcertException(admitted, concertId);
        }
        return concertId;
    }

    private static Mono<ServerResponse> json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    record ConcertsResponse(List<ConcertSummary> concerts, String nextCursor) {
    }

    record SchedulesResponse(long concertId, List<AvailableSchedule> schedules) {
    }

    record SeatsResponse(long concertId, long scheduleId, List<FreeSeat> seats) {
    }

    record SeatMapResponse(long concertId, long scheduleId, List<MapSeat> seats) {
    }
}
