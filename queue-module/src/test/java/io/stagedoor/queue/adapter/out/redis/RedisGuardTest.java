package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The guard's breaker records every call's outcome on the caller's thread, an event loop. Many of them recording at
 * once must never block (BlockHound is on in tests), and the breaker must still close again after an outage: a
 * blocked recording once left a half-open breaker refusing every call for good under CPU load.
 */
class RedisGuardTest {

    private final List<Throwable> dropped = new CopyOnWriteArrayList<>();

    @AfterEach
    void resetHooks() {
        Hooks.resetOnErrorDropped();
    }

    @Test
    void eventLoopsRecordingOutcomesAtOnceNeverBlockAndTheBreakerClosesAgainAfterAnOutage() throws InterruptedException {
        Hooks.onErrorDropped(dropped::add);
        RedisGuard guard = RedisGuard.create("concurrent", Duration.ofSeconds(2), Duration.ofMillis(200), Schedulers.parallel());
        AtomicBoolean down = new AtomicBoolean(false);
        Mono<String> call = Mono.defer(() -> down.get()
                ? Mono.error(new RedisConnectionFailureException("refused"))
                : Mono.just("PONG"));
        assertThat(guard.mono(call).block()).isEqualTo("PONG"); // connected: calls now stay on the caller's thread

        List<Throwable> failures = new CopyOnWriteArrayList<>();
        hammer(guard, call, failures);
        assertThat(failures).as("calls that failed while Redis answered").isEmpty();

        down.set(true);
        hammer(guard, call, failures);
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(failures).as("every failure during the outage is a QUEUE_UNAVAILABLE")
                .allSatisfy(failure -> assertThat(failure).isInstanceOf(io.stagedoor.queue.api.QueueUnavailableException.class));

        down.set(false);
        failures.clear();
        Thread.sleep(300); // past the open time: the half-open breaker lets 3 trial calls through, refusing the rest
        for (int trial = 0; trial < 3; trial++) {
            assertThat(guard.mono(call).block()).as("trial call %d", trial).isEqualTo("PONG");
        }
        assertThat(guard.breaker().getState()).as("closed by its trial calls").isEqualTo(CircuitBreaker.State.CLOSED);
        hammer(guard, call, failures);
        assertThat(failures).as("calls refused after the outage").isEmpty();
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(dropped).as("errors dropped inside the breaker (a blocked recording)").isEmpty();
    }

    /** 20,000 calls from every parallel (non-blocking) thread at once. */
    private static void hammer(RedisGuard guard, Mono<String> call, List<Throwable> failures) {
        Flux.range(0, 20_000)
                .parallel(Schedulers.DEFAULT_POOL_SIZE * 2)
                .runOn(Schedulers.parallel())
                .flatMap(i -> guard.mono(call).onErrorResume(failure -> {
                    failures.add(failure);
                    return Mono.empty();
                }))
                .sequential()
                .blockLast(Duration.ofSeconds(60));
    }
}
