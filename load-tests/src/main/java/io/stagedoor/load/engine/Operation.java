package io.stagedoor.load.engine;

import reactor.core.publisher.Mono;

/** One request of a pass. {@code seq} is the global 0-based request number; return {@code null} when there is no more work. */
@FunctionalInterface
public interface Operation {

    Mono<Outcome> call(long seq);
}
