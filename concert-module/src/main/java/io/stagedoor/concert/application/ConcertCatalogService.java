package io.stagedoor.concert.application;

import io.stagedoor.concert.api.ConcertExistenceQuery;
import io.stagedoor.concert.api.ConcertSummary;
import io.stagedoor.concert.api.ConcertsPage;
import io.stagedoor.concert.api.CreateConcertCommand;
import io.stagedoor.concert.api.CreateConcertUseCase;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.api.ListConcertsQuery;
import io.stagedoor.concert.application.port.out.ConcertCatalog;
import io.stagedoor.concert.application.port.out.ConcertTransactions;
import io.stagedoor.concert.domain.SeatNumbering;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Concerts: listing them, telling whether one exists, and creating one with its schedules and seats. */
final class ConcertCatalogService implements ListConcertsQuery, ConcertExistenceQuery, CreateConcertUseCase {

    private final ConcertCatalog catalog;
    private final ConcertTransactions transactions;

    ConcertCatalogService(ConcertCatalog catalog, ConcertTransactions transactions) {
        this.catalog = Objects.requireNonNull(catalog);
        this.transactions = Objects.requireNonNull(transactions);
    }

    @Override
    public Mono<List<ConcertSummary>> listConcerts() {
        return catalog.allConcerts();
    }

    @Override
    public Mono<ConcertsPage.Result> listConcerts(ConcertsPage page) {
        // one more than the page, so the last page says it is the last
        return catalog.concertsAfter(page.cursor(), page.limit() + 1)
                .map(concerts -> concerts.size() > page.limit()
                        ? new ConcertsPage.Result(concerts.subList(0, page.limit()),
                                Long.toString(concerts.get(page.limit() - 1).concertId()))
                        : new ConcertsPage.Result(concerts, null));
    }

    @Override
    public Mono<Boolean> exists(long concertId) {
        return concertId <= 0 ? Mono.just(false) : catalog.concertExists(concertId);
    }

    /** The concert, all its schedules and all their seats commit together or not at all. */
    @Override
    public Mono<CreatedConcert> create(CreateConcertCommand command) {
        Mono<CreatedConcert> creation = catalog.addConcert(command.title())
                .flatMap(concertId -> Flux.fromIterable(command.schedules())
                        .concatMap(schedule -> catalog.addSchedule(concertId, schedule.startsAt(),
                                        new SeatNumbering(schedule.seats()), schedule.price())
                                .map(scheduleId -> new CreatedConcert.Schedule(scheduleId, schedule.startsAt(),
                                        schedule.seats(), schedule.price())))
                        .collectList()
                        .map(schedules -> new CreatedConcert(concertId, command.title(), schedules)));
        return transactions.inTransaction(creation);
    }
}
