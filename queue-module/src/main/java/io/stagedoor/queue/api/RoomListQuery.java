package io.stagedoor.queue.api;

import java.util.List;
import reactor.core.publisher.Mono;

/** An operator's look at every waiting room somebody waits in or holds a session of, by concert id. */
public interface RoomListQuery {

    Mono<List<RoomOverview>> rooms();
}
