package io.stagedoor.queue.application.port.out;

import io.stagedoor.queue.api.AdmissionRound;
import io.stagedoor.queue.domain.QueueToken;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.domain.SettingsChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The per-concert waiting lines (Redis). Every operation on a room is one atomic step, so concurrent callers on any
 * number of instances see a consistent line. Infrastructure failures surface as
 * {@link io.stagedoor.queue.api.QueueUnavailableException}.
 */
public interface WaitingLine {

    /**
     * Put {@code candidate}'s user in line for its concert with {@code candidate} as the token, unless the user
     * already holds a live token there (waiting and seen within {@code abandonAfter}, or active): then that one.
     */
    Mono<Placement> join(QueueToken candidate, Instant now, Duration abandonAfter);

    /** Where the token stands; refreshes a waiter's last-seen time and drops one not seen within {@code abandonAfter}. */
    Mono<Standing> look(QueueToken token, Instant now, Duration abandonAfter);

    /** Ends the token's session or place; emits false when it held none. */
    Mono<Boolean> expire(QueueToken token);

    /**
     * Ends every token's session or place with one call per room (a payment batch's tokens share one room); emits how
     * many held something.
     */
    Mono<Integer> expireAll(List<QueueToken> tokens);

    /** One admission round for one room, applying the stored settings over {@code defaults}. */
    Mono<AdmissionRound> admit(long concertId, RoomSettings defaults, Instant now, Duration abandonAfter);

    /**
     * The admitter's work list: every room somebody waits in or holds a session of, and rooms that had waiters or
     * stored settings since an admission round last found them idle.
     */
    Flux<Long> rooms();

    /**
     * Takes a room an admission round found idle (nobody waiting, no session) off the admitter's work list, unless
     * somebody joined it meanwhile: then it stays. A join into an idle room puts it back. Emits whether the room left
     * the list by this call.
     */
    Mono<Boolean> retire(long concertId);

    /**
     * One refresh of this instance's picture of a room, in one atomic step: marks the waiters in {@code heartbeats} as
     * seen now (those whose secret no longer matches a place in line come back in {@link RoomPicture#goneSecrets()}),
     * then reads the first {@code frontSize} waiters' sequence numbers, the counts and the stored settings.
     */
    Mono<RoomPicture> picture(long concertId, java.util.List<Heartbeat> heartbeats, int frontSize, Instant now,
                              Duration abandonAfter);

    /** A room's counts and stored settings, after storing {@code change} (which may be {@link SettingsChange#NONE}). */
    Mono<RoomState> room(long concertId, SettingsChange change, Instant now);
}
