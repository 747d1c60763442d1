package io.stagedoor.queue.application;

import io.stagedoor.queue.api.RoomOverview;
import io.stagedoor.queue.api.RoomOverviewQuery;
import io.stagedoor.queue.api.TuneRoomCommand;
import io.stagedoor.queue.api.TuneRoomUseCase;
import io.stagedoor.queue.api.UnknownConcertException;
import io.stagedoor.queue.application.port.out.ConcertCatalog;
import io.stagedoor.queue.application.port.out.RoomState;
import io.stagedoor.queue.application.port.out.WaitingLine;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.domain.SettingsChange;
import java.time.Clock;
import reactor.core.publisher.Mono;

/** Operators read and tune a room; settings go to Redis, where every instance's next admission round reads them. */
public final class RoomAdminService implements RoomOverviewQuery, TuneRoomUseCase {

    private final ConcertCatalog concerts;
    private final WaitingLine line;
    private final QueueRules rules;
    private final Clock clock;

    public RoomAdminService(ConcertCatalog concerts, WaitingLine line, QueueRules rules, Clock clock) {
        this.concerts = concerts;
        this.line = line;
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public Mono<RoomOverview> overview(long concertId) {
        return knownConcert(concertId)
                .then(Mono.defer(() -> line.room(concertId, SettingsChange.NONE, clock.instant())))
                .map(state -> overview(concertId, state));
    }

    @Override
    public Mono<RoomOverview> tune(TuneRoomCommand command) {
        return Mono.defer(() -> {
            SettingsChange change = new SettingsChange(command.activeCapacity(), command.admissionsPerMinute(),
                    command.sessionSeconds(), command.paused());
            change.over(rules.defaults()); // range checks, before anything is stored
            return knownConcert(command.concertId())
                    .then(Mono.defer(() -> line.room(command.concertId(), change, clock.instant())))
                    .map(state -> overview(command.concertId(), state));
        });
    }

    private Mono<Void> knownConcert(long concertId) {
        return concerts.exists(concertId)
                .flatMap(exists -> exists ? Mono.<Void>empty() : Mono.error(new UnknownConcertException(concertId)));
    }

    private RoomOverview overview(long concertId, RoomState state) {
        RoomSettings settings = state.storedSettings().over(rules.defaults());
        return new RoomOverview(concertId, state.waiting(), state.active(), settings.activeCapacity(),
                settings.admissionsPerMinute(), settings.sessionSeconds(), settings.paused(), state.admittedLastMinute());
    }
}
