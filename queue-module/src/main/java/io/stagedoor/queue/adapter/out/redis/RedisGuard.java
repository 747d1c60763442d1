package io.stagedoor.queue.adapter.out.redis;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.lettuce.core.RedisCommandExecutionException;
import io.stagedoor.queue.api.QueueUnavailableException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Bounds every Redis call: a timeout, a circuit breaker that stops calling a Redis that keeps failing, and the
 * mapping of any such failure to {@link QueueUnavailableException} (503 with Retry-After).
 *
 * <p>Spring Data Redis opens its shared Lettuce connection synchronously on the first call. Until one call has
 * succeeded, calls are therefore subscribed on the bounded-elastic scheduler, so that connecting (or failing to, while
 * Redis is down at start-up) never blocks an event loop. Once connected, Lettuce reconnects in the background and
 * calls stay on the caller's thread.
 */
final class RedisGuard {

    private final Duration timeout;
    private final Duration retryAfter;
    private final CircuitBreaker breaker;
    private final Scheduler timers;
    private volatile boolean connected;

    /** {@code timers} arms the per-call timeout (every call arms and cancels one; a cheap timer wheel pays off). */
    RedisGuard(Duration timeout, CircuitBreaker breaker, Duration retryAfter, Scheduler timers) {
        this.timeout = timeout;
        this.breaker = breaker;
        this.retryAfter = retryAfter;
        this.timers = timers;
    }

    /**
     * A guard with a count-based breaker: opens when half of the last 20 calls (at least 5) failed for
     * infrastructure reasons, stays open for {@code openFor}, then lets 3 trial calls through. The per-call timeouts
     * are armed on {@code timers}. Recording an outcome never blocks the calling thread (an event loop).
     */
    static RedisGuard create(String name, Duration timeout, Duration openFor, Scheduler timers) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                // the default window takes a lock to record each outcome: two event loops recording at once park one
                // of them (BlockHound's error then struck inside the half-open state's bookkeeping, so a trial call
                // never counted and the breaker stayed half-open, refusing every call for good); this one is CAS-only
                .slidingWindowSynchronizationStrategy(CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(3)
                .recordException(RedisGuard::isOutage)
                .build();
        return new RedisGuard(timeout, CircuitBreaker.of(name, config), openFor, timers);
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    <T> Mono<T> mono(Mono<T> call) {
        return Mono.defer(() -> connected ? call
                        : call.subscribeOn(Schedulers.boundedElastic()).doOnSuccess(ignored -> connected = true))
                .timeout(timeout, timers)
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(RedisGuard::isOutage, e -> new QueueUnavailableException(retryAfter, e));
    }

    <T> Flux<T> flux(Flux<T> call) {
        return Flux.defer(() -> connected ? call
                        : call.subscribeOn(Schedulers.boundedElastic()).doOnComplete(() -> connected = true))
                .timeout(timeout, timers)
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(RedisGuard::isOutage, e -> new QueueUnavailableException(retryAfter, e));
    }

    /**
     * Whether a failure means Redis is unreachable or unusable (as opposed to a bug, such as a script error): timeouts,
     * an open breaker, connection failures, and Redis errors that say the server cannot serve right now.
     */
    static boolean isOutage(Throwable error) {
        if (!(error instanceof Exception)) {
            return false; // an Error (e.g. BlockHound's) is a bug, never an outage
        }
        if (error instanceof TimeoutException || error instanceof CallNotPermittedException) {
            return true;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RedisCommandExecutionException commandError) {
                String message = String.valueOf(commandError.getMessage());
                return message.startsWith("LOADING") || message.startsWith("BUSY") || message.startsWith("CLUSTERDOWN")
                        || message.startsWith("MASTERDOWN") || message.startsWith("TRYAGAIN")
                        || message.startsWith("READONLY");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return !(error instanceof IllegalArgumentException) && !(error instanceof IllegalStateException)
                && !(error instanceof NullPointerException) && !(error instanceof ClassCastException);
    }
}
