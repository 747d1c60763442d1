package io.stagedoor.queue.adapter.in.web;

import io.stagedoor.common.problem.StagedoorProblem;
import io.stagedoor.queue.api.QueueStatusView;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The events of one {@code /queue/events} stream: a {@code status} event per change the watch reports, an {@code error}
 * event if it fails, a comment every {@code heartbeat}; it ends after the watch ends or fails, or as soon as its slot is
 * replaced by a newer stream of the token, and then gives the slot back.
 *
 * <p>The three sources meet in one {@link Flux#merge}, and the end is an event ({@link #END}) that {@code takeWhile}
 * stops at, rather than {@code takeUntilOther(replaced)} on the watch under a {@code publish} that stops the heartbeat.
 * A newer stream of the token ends this one from its own event loop, at any moment, also while this stream's response
 * is still subscribing. {@code takeUntilOther} subscribes to its trigger before it has passed {@code onSubscribe}
 * down: a trigger firing on another thread in between sends {@code onComplete} down ahead of {@code onSubscribe}, and
 * {@code publish} drops a completion that comes before it is connected; the watch was cancelled and the slot given
 * back, yet the response and its heartbeat went on for good (docs/queue.md, Event streams). {@code merge} subscribes
 * to its sources only after everything downstream has subscribed, and serialises what they send, so the end arrives
 * in order whichever thread sends it.
 */
final class EventStream {

    /** Marks the end; {@code takeWhile} stops at it, so it is never written. */
    private static final ServerSentEvent<Object> END = ServerSentEvent.<Object>builder().comment("end").build();
    private static final ServerSentEvent<Object> STILL_WAITING =
            ServerSentEvent.<Object>builder().comment("still waiting").build();

    private EventStream() {
    }

    static Flux<ServerSentEvent<Object>> of(Flux<QueueStatusView> watch, EventStreamSlots.Slot slot, Duration heartbeat) {
        Flux<ServerSentEvent<Object>> statuses = watch
                .map(view -> ServerSentEvent.<Object>builder(QueueStatusJson.of(view)).event("status").build())
                .onErrorResume(error -> Mono.just(errorEvent(error)))
                .concatWith(Mono.just(END));
        Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(heartbeat).map(tick -> STILL_WAITING);
        return Flux.merge(statuses, heartbeats, slot.replaced().thenReturn(END))
                .takeWhile(event -> event != END)
                .doFinally(signal -> slot.close());
    }

    private static ServerSentEvent<Object> errorEvent(Throwable error) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (error instanceof StagedoorProblem problem) {
            body.put("code", problem.code());
            body.put("status", problem.kind().status());
            body.put("detail", problem.detail());
        } else {
            body.put("code", "INTERNAL_ERROR");
            body.put("status", 500);
        }
        return ServerSentEvent.<Object>builder(body).event("error").build();
    }
}
