package io.stagedoor.queue.adapter.in.web;

import io.stagedoor.queue.api.QueueUnavailableException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The event streams this instance holds: at most {@code max} at once (beyond that a new one is refused 503
 * QUEUE_UNAVAILABLE with {@code Retry-After}), and one per token: of two streams of a token, the one that arrived
 * later stays and the other ends. A client that opens streams in a loop therefore holds one slot, not a hundred.
 *
 * <p>"Later" is the order of {@link #arrive()}, taken when the request comes in, not the order in which the streams'
 * first status reads answer: a reconnect after a network blip must win over the half-dead stream it replaces even when
 * the old one's first read was the slower (docs/queue.md, Event streams).
 *
 * <p>Per instance only: two streams of one token on two instances both run (each costs memory reads only, see
 * {@code RoomPictures}).
 */
final class EventStreamSlots {

    private final int max;
    private final Duration retryAfter;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong arrivals = new AtomicLong();
    private final Map<String, Holder> live = new ConcurrentHashMap<>();

    /** The stream of a token that holds the token's place, and how to end it. */
    private record Holder(long arrival, Sinks.Empty<Void> replaced) {
    }

    EventStreamSlots(int max, Duration retryAfter) {
        if (max < 1) {
            throw new IllegalArgumentException("event-streams-max must be positive");
        }
        this.max = max;
        this.retryAfter = retryAfter;
    }

    /** A new stream's place in the order of arrival; pass it to {@link #open} once the stream may start. */
    long arrive() {
        return arrivals.incrementAndGet();
    }

    /**
     * A slot for a stream of {@code token} that arrived at {@code arrival}; call {@link Slot#close()} once. It ends the
     * token's stream that arrived earlier; if one that arrived later holds the token already, the new slot is
     * {@link Slot#replaced() replaced} from the start, so its stream ends at once.
     */
    Slot open(String token, long arrival) {
        // a token's new stream replaces its old one even at the cap (a client reconnecting after a network blip must
        // not be locked out by its own half-dead stream); the old one's end gives the slot back
        boolean replacing = live.containsKey(token);
        if (open.incrementAndGet() > max && !replacing) {
            open.decrementAndGet();
            throw new QueueUnavailableException(retryAfter, "This instance holds as many event streams as it may ("
                    + max + "); retry after " + Math.max(1, retryAfter.toSeconds()) + " s, or poll the status", null);
        }
        Holder mine = new Holder(arrival, Sinks.empty());
        Holder[] ended = new Holder[1];
        live.compute(token, (key, holding) -> {
            if (holding != null && holding.arrival() > arrival) {
                ended[0] = mine;
                return holding;
            }
            ended[0] = holding;
            return mine;
        });
        // outside compute: ending a stream runs its completion, which gives its slot back (a removal from this map)
        if (ended[0] != null) {
            ended[0].replaced().tryEmitEmpty();
        }
        return new Slot(token, mine);
    }

    /** Streams open now. */
    public int open() {
        return open.get();
    }

    public int max() {
        return max;
    }

    /** One stream's place: {@link #replaced()} completes when a stream of the same token that arrived later takes over. */
    final class Slot {

        private final String token;
        private final Holder holder;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Slot(String token, Holder holder) {
            this.token = token;
            this.holder = holder;
        }

        /** Completes once this stream must end; completes at once for a subscriber that comes after that. */
        Mono<Void> replaced() {
            return holder.replaced().asMono();
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                live.remove(token, holder);
                open.decrementAndGet();
            }
        }
    }
}
