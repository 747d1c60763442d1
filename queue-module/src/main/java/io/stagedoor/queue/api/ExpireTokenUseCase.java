package io.stagedoor.queue.api;

import reactor.core.publisher.Mono;

/** Ends a token's session at once (payment calls it after its commit); later calls with it are 401. */
public interface ExpireTokenUseCase {

    Mono<Void> expire(String token);
}
