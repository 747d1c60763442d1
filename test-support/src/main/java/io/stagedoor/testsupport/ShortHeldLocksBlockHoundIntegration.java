package io.stagedoor.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Library locks that are short-held by design, around CPU-only work. Lettuce guards its command writer with a lock
 * ({@code SharedLock}). When two threads write at the same moment, one parks briefly; on an event-loop thread BlockHound turns that park into an error thrown from the middle
 * of the lock's bookkeeping, which leaves the lock's writer count wrong and hangs the connection for good (seen as a
 * spinning Lettuce event loop). The wait is bounded and by design, so it is allowed here. Loaded by BlockHound
 * through {@code META-INF/services}.
 */
public final class ShortHeldLocksBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "unlockWritersExclusive");
        // Spring Data Redis guards two tiny critical sections per call the same way: the script's lazily computed
        // SHA-1 (synchronized) and the shared reactive connection lookup (a ReentrantLock around a field read).
        // Under 200 concurrent gated requests a thread parks there for microseconds; that is contention, not I/O.
        builder.allowBlockingCallsInside("org.springframework.data.redis.core.script.DefaultRedisScript", "getSha1");
        builder.allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory", "doInLock");
        // resilience4j's breaker moves from OPEN to HALF_OPEN under a lock around a few field writes; every event loop
        // calling Redis when the open time ends reaches it at once, and under CPU load one parks for microseconds.
        // (Recording outcomes would lock too; the queue's breaker uses the lock-free window, see RedisGuard.)
        builder.allowBlockingCallsInside(
                "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine$OpenState", "toHalfOpenState");
        // Jackson builds a type's deserializer once, on first use, under a lock; 30 first requests at once park there.
        builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer");
        // Cancelling a periodic task (Flux.interval: an event stream's heartbeat, cancelled when a newer stream of the
        // token ends the stream) removes it from the scheduler's ScheduledThreadPoolExecutor queue under that queue's
        // lock. Reactor's own integration allows this for one-shot tasks (WorkerTask, SchedulerTask#dispose) but not for
        // PeriodicWorkerTask; under load the park there threw from the middle of the old stream's completion, which
        // left it open and failed the new stream.
        builder.allowBlockingCallsInside("reactor.core.scheduler.PeriodicWorkerTask", "dispose");
        builder.allowBlockingCallsInside("reactor.core.scheduler.PeriodicSchedulerTask", "dispose");
        builder.allowBlockingCallsInside("reactor.core.scheduler.InstantPeriodicWorkerTask", "dispose");
    }
}
