package io.stagedoor.queue.support;

import io.stagedoor.queue.api.AdmissionRound;
import io.stagedoor.queue.application.port.out.Placement;
import io.stagedoor.queue.application.port.out.RoomState;
import io.stagedoor.queue.application.port.out.Standing;
import io.stagedoor.queue.application.port.out.WaitingLine;
import io.stagedoor.queue.domain.QueueToken;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.domain.SettingsChange;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A real waiting line whose retirements a test steers (slowed down to widen a race, or failing); everything else goes
 * to the line unchanged.
 */
public final class RetirementOverride implements WaitingLine {

    private final WaitingLine line;
    private final LongFunction<Mono<Boolean>> retire;

    public RetirementOverride(WaitingLine line, LongFunction<Mono<Boolean>> retire) {
        this.line = line;
        this.retire = retire;
    }

    @Override
    public Mono<Boolean> retire(long concertId) {
        return retire.apply(concertId);
    }

    @Override
    public Mono<Placement> join(QueueToken candidate, Instant now, Duration abandonAfter) {
        return line.join(candidate, now, abandonAfter);
    }

    @Override
    public Mono<Standing> look(QueueToken token, Instant now, Duration abandonAfter) {
        return line.look(token, now, abandonAfter);
    }

    @Override
    public Mono<io.stagedoor.queue.application.port.out.RoomPicture> picture(long concertId,
            java.util.List<io.stagedoor.queue.application.port.out.Heartbeat> heartbeats, int frontSize, Instant now,
            Duration abandonAfter) {
        return line.picture(concertId, heartbeats, frontSize, now, abandonAfter);
    }

    @Override
    public Mono<Boolean> expire(QueueToken token) {
        return line.expire(token);
    }

    @Override
    public Mono<Integer> expireAll(java.util.List<QueueToken> tokens) {
        return line.expireAll(tokens);
    }

    @Override
    public Mono<AdmissionRound> admit(long concertId, RoomSettings defaults, Instant now, Duration abandonAfter) {
        return line.admit(concertId, defaults, now, abandonAfter);
    }

    @Override
    public Flux<Long> rooms() {
        return line.rooms();
    }

    @Override
    public Mono<RoomState> room(long concertId, SettingsChange change, Instant now) {
        return line.room(concertId, change, now);
    }
}
