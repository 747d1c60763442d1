package io.stagedoor.queue.api;

import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Ends a token's session at once (payment calls it after its commit); later calls with it are 401. */
public interface ExpireTokenUseCase {

    Mono<Void> expire(String token);

    /**
     * Ends the sessions of all these tokens, as {@link #expire} does each (a payment batch's tokens after its commit).
     * The queue does it with one Redis call per room; this default, one call per token, serves stand-ins.
     */
    default Mono<Void> expireAll(List<String> tokens) {
        return Flux.fromIterable(tokens).flatMap(this::expire).then();
    }
}
