package io.stagedoor.concert.api;

import java.util.List;
import reactor.core.publisher.Mono;

/** All concerts, by id (what a client can queue for). Not gated. */
public interface ListConcertsQuery {

    Mono<List<ConcertSummary>> listConcerts();
}
