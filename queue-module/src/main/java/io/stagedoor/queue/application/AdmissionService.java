package io.stagedoor.queue.application;

import io.stagedoor.queue.api.AdmitWaitersUseCase;
import io.stagedoor.queue.api.AdmissionReports;
import io.stagedoor.queue.api.AdmissionRound;
import io.stagedoor.queue.application.port.out.WaitingLine;
import java.time.Clock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Runs admission rounds. Every instance ticks every room on the work list; the round itself is atomic in Redis, so no
 * leader is needed and instances never over-admit. A room whose round fails is skipped until the next tick. A room a
 * round leaves idle leaves the work list, so rooms nobody uses any more cost the ticks nothing; a join puts it back.
 */
final class AdmissionService implements AdmitWaitersUseCase {

    private static final Log log = LogFactory.getLog(AdmissionService.class);
    private static final int ROOMS_IN_PARALLEL = 4;

    private final WaitingLine line;
    private final QueueRules rules;
    private final Clock clock;
    private final AdmissionReports reports;
    private final RoomPictures pictures;

    AdmissionService(WaitingLine line, QueueRules rules, Clock clock) {
        this(line, rules, clock, AdmissionReports.NONE);
    }

    /** {@code reports} hears of every round this instance runs, for the operators' queue metrics. */
    AdmissionService(WaitingLine line, QueueRules rules, Clock clock, AdmissionReports reports) {
        this(line, rules, clock, reports, RoomPictures.disabled(line, rules, clock));
    }

    /**
     * After each room's round, {@code pictures} refreshes this instance's picture of the room (its own Redis call, so
     * the admission script stays as it is), which status polls and event streams are answered from.
     */
    AdmissionService(WaitingLine line, QueueRules rules, Clock clock, AdmissionReports reports,
                            RoomPictures pictures) {
        this.line = line;
        this.rules = rules;
        this.clock = clock;
        this.reports = reports;
        this.pictures = pictures;
    }

    @Override
    public Mono<Integer> admitAll() {
        return line.rooms()
                .flatMap(concertId -> tick(concertId).onErrorResume(e -> {
                    log.warn("Admission round for concert " + concertId + " failed: " + e.getMessage());
                    return Mono.empty();
                }), ROOMS_IN_PARALLEL)
                .map(AdmissionRound::admitted)
                .reduce(0, Integer::sum);
    }

    private Mono<AdmissionRound> tick(long concertId) {
        return admit(concertId)
                .doOnNext(reports::roundDone)
                .flatMap(round -> round.idle() ? retire(round) : Mono.just(round));
    }

    private Mono<AdmissionRound> retire(AdmissionRound round) {
        return line.retire(round.concertId())
                .onErrorResume(e -> {
                    // the room stays on the list (or this instance puts it back): its next idle round tries again
                    log.warn("Retiring idle room " + round.concertId() + " failed: " + e.getMessage());
                    return Mono.empty();
                })
                .thenReturn(round);
    }

    /**
     * One admission round for one room (it stays on the work list whatever the round finds), then a refresh of this
     * instance's picture of the room, so the picture never shows an admitted waiter as still waiting for long.
     */
    public Mono<AdmissionRound> admit(long concertId) {
        return Mono.defer(() -> line.admit(concertId, rules.defaults(), clock.instant(), rules.abandonAfter()))
                .flatMap(round -> pictures.refresh(concertId)
                        .onErrorResume(e -> {
                            // the old picture ages out and polls go to Redis; the heartbeats wait for the next tick
                            log.warn("Refreshing the picture of room " + concertId + " failed: " + e.getMessage());
                            return Mono.empty();
                        })
                        .thenReturn(round));
    }
}
