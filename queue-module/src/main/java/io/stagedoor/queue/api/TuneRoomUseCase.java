package io.stagedoor.queue.api;

import reactor.core.publisher.Mono;

/**
 * An operator changes a room's settings. They are stored in Redis, so every instance's admitter applies them
 * within one tick. Fails with {@link UnknownConcertException} or IllegalArgumentException for out-of-range values.
 */
public interface TuneRoomUseCase {

    Mono<RoomOverview> tune(TuneRoomCommand command);
}
