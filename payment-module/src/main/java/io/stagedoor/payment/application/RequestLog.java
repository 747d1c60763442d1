package io.stagedoor.payment.application;

import org.apache.commons.logging.Log;
import reactor.core.publisher.Mono;

/**
 * Writes a warning from inside a request's reactive chain so that it carries the request's log context (the request
 * id, and the trace id when tracing): Reactor's {@code handle} puts the thread-locals registered for context
 * propagation in place while it runs, on whatever thread the chain has reached, and takes them away after. A plain
 * {@code log.warn} in a callback would run on a database or Redis thread that knows nothing of the request.
 */
public final class RequestLog {

    private RequestLog() {
    }

    /** Logs {@code message} as a warning in the subscriber's context, then completes empty. */
    public static <T> Mono<T> warn(Log log, String message) {
        return Mono.just(message).handle((text, sink) -> {
            log.warn(text);
            sink.complete();
        });
    }
}
