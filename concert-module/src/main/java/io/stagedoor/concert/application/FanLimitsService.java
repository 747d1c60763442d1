package io.stagedoor.concert.application;

import io.stagedoor.concert.api.ConcertFanLimits;
import io.stagedoor.concert.api.ConcertNotFoundException;
import io.stagedoor.concert.api.FanLimitsQuery;
import io.stagedoor.concert.api.SetFanLimitsCommand;
import io.stagedoor.concert.api.SetFanLimitsUseCase;
import io.stagedoor.concert.application.port.out.FanLimitSettings;
import io.stagedoor.concert.domain.FanLimits;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A concert's per-fan limits for operators. The next hold obeys a change on every instance at once: the hold statement
 * reads the concert's numbers itself. Lowering a limit takes no hold or ticket away; it only refuses the next hold.
 */
public final class FanLimitsService implements SetFanLimitsUseCase, FanLimitsQuery {

    private final FanLimitSettings settings;
    private final FanLimits defaults;

    public FanLimitsService(FanLimitSettings settings, FanLimits defaults) {
        this.settings = Objects.requireNonNull(settings);
        this.defaults = Objects.requireNonNull(defaults);
    }

    @Override
    public Mono<ConcertFanLimits> setFanLimits(SetFanLimitsCommand command) {
        return settings.update(command.concertId(), command.holdsPerFan(), command.ticketsPerFan())
                .switchIfEmpty(Mono.error(() -> new ConcertNotFoundException(command.concertId())))
                .map(stored -> inForce(command.concertId(), stored));
    }

    @Override
    public Mono<ConcertFanLimits> fanLimits(long concertId) {
        return settings.find(concertId)
                .switchIfEmpty(Mono.error(() -> new ConcertNotFoundException(concertId)))
                .map(stored -> inForce(concertId, stored));
    }

    private ConcertFanLimits inForce(long concertId, FanLimitSettings.Stored stored) {
        return new ConcertFanLimits(concertId, stored.holdsPerFan().orElse(defaults.holdsPerFan()),
                stored.ticketsPerFan().orElse(defaults.ticketsPerFan()));
    }
}
