package io.stagedoor.queue.adapter.in.web;

import io.stagedoor.queue.api.QueueUnavailableException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The event streams this instance holds: at most {@code max} at once (beyond that a new one is refused 503
 * QUEUE_UNAVAILABLE with {@code Retry-After}), and one per token: a second stream of a token replaces the first, which
 * ends. A client that opens streams in a loop therefore holds one slot, not a hundred.
 *
 * <p>Per instance only: two streams of one token on two instances both run (each costs memory reads only, see
 * {@code RoomPictures}).
 */
final class EventStreamSlots {

    private final int max;
    private final Duration retryAfter;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Sinks.Empty<Void>> live = new ConcurrentHashMap<>();

    EventStreamSlots(int max, Duration retryAfter) {
        if (max < 1) {
            throw new IllegalArgumentException("event-streams-max must be positive");
        }
        this.max = max;
        this.retryAfter = retryAfter;
    }

    /** A slot for a new stream of {@code token}, ending the token's previous stream; call {@link Slot#close()} once. */
    Slot open(String token) {
        // a token's new stream replaces its old one even at the cap (a client reconnecting after a network blip must
        // not be locked out by its own half-dead stream); the old one's end gives the slot back
        boolean replacing = live.containsKey(token);
        if (open.incrementAndGet() > max && !replacing) {
            open.decrementAndGet();
            throw new QueueUnavailableException(retryAfter, "This instance holds as many event streams as it may ("
                    + max + "); retry after " + Math.max(1, retryAfter.toSeconds()) + " s, or poll the status", null);
        }
        Sinks.Empty<Void> replaced = Sinks.empty();
        Sinks.Empty<Void> previous = live.put(token, replaced);
        if (previous != null) {
            previous.tryEmitEmpty();
        }
        return new Slot(token, replaced);
    }

    /** Streams open now. */
    public int open() {
        return open.get();
    }

    public int max() {
        return max;
    }

    /** One stream's place: {@link #replaced()} completes when a newer stream of the same token takes over. */
    final class Slot {

        private final String token;
        private final Sinks.Empty<Void> replaced;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        private Slot(String token, Sinks.Empty<Void> replaced) {
            this.token = token;
            this.replaced = replaced;
        }

        Mono<Void> replaced() {
            return replaced.asMono();
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                live.remove(token, replaced);
                open.decrementAndGet();
            }
        }
    }
}
