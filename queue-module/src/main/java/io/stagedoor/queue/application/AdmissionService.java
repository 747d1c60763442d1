package io.stagedoor.queue.application;

import io.stagedoor.queue.api.AdmitWaitersUseCase;
import io.stagedoor.queue.application.port.out.AdmissionRound;
import io.stagedoor.queue.application.port.out.WaitingLine;
import java.time.Clock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Runs admission rounds. Every instance ticks every room; the round itself is atomic in Redis, so no leader is
 * needed and instances never over-admit. A room whose round fails is skipped until the next tick.
 */
public final class AdmissionService implements AdmitWaitersUseCase {

    private static final Log log = LogFactory.getLog(AdmissionService.class);
    private static final int ROOMS_IN_PARALLEL = 4;

    private final WaitingLine line;
    private final QueueRules rules;
    private final Clock clock;

    public AdmissionService(WaitingLine line, QueueRules rules, Clock clock) {
        this.line = line;
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public Mono<Integer> admitAll() {
        return line.rooms()
                .flatMap(concertId -> admit(concertId).onErrorResume(e -> {
                    log.warn("Admission round for concert " + concertId + " failed: " + e.getMessage());
                    return Mono.empty();
                }), ROOMS_IN_PARALLEL)
                .map(AdmissionRound::admitted)
                .reduce(0, Integer::sum);
    }

    /** One admission round for one room. */
    public Mono<AdmissionRound> admit(long concertId) {
        return Mono.defer(() -> line.admit(concertId, rules.defaults(), clock.instant(), rules.abandonAfter()));
    }
}
