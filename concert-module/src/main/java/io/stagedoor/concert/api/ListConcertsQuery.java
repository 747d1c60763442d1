package io.stagedoor.concert.api;

import java.util.List;
import reactor.core.publisher.Mono;

/** The concerts, by id (what a client can queue for). Not gated. */
public interface ListConcertsQuery {

    /** Every concert (for the app's own use; clients get {@link #listConcerts(ConcertsPage) pages}). */
    Mono<List<ConcertSummary>> listConcerts();

    /** A page of the concerts, by id. */
    Mono<ConcertsPage.Result> listConcerts(ConcertsPage page);
}
