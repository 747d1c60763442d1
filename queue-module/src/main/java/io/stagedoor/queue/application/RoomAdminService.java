package io.stagedoor.queue.application;

import io.stagedoor.queue.api.RoomListQuery;
import io.stagedoor.queue.api.RoomOverview;
import io.stagedoor.queue.api.RoomOverviewQuery;
import io.stagedoor.queue.api.TuneRoomCommand;
import io.stagedoor.queue.api.TuneRoomUseCase;
import io.stagedoor.queue.api.UnknownConcertException;
import io.stagedoor.queue.api.ConcertCatalog;
import io.stagedoor.queue.application.port.out.RoomState;
import io.stagedoor.queue.application.port.out.WaitingLine;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.domain.SettingsChange;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Operators read and tune a room, and list the rooms in use; settings go to Redis, where every instance's next admission
 * round reads them.
 */
final class RoomAdminService implements RoomOverviewQuery, RoomListQuery, TuneRoomUseCase {

    /** Rooms read from Redis at once when listing (each is one script on its own slot). */
    private static final int ROOMS_IN_FLIGHT = 16;

    private final ConcertCatalog concerts;
    private final WaitingLine line;
    private final QueueRules rules;
    private final Clock clock;

    RoomAdminService(ConcertCatalog concerts, WaitingLine line, QueueRules rules, Clock clock) {
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

    /**
     * The admitter's work list, each room read like {@link #overview}; a listed room nobody is in any more (it leaves the
     * list at its next idle round) is left out.
     */
    @Override
    public Mono<List<RoomOverview>> rooms() {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            return line.rooms()
                    .flatMap(concertId -> line.room(concertId, SettingsChange.NONE, now)
                            .filter(state -> state.waiting() > 0 || state.active() > 0)
                            .map(state -> overview(concertId, state)), ROOMS_IN_FLIGHT)
                    .collectSortedList(Comparator.comparingLong(RoomOverview::concertId));
        });
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
