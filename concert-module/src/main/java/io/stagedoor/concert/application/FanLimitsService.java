package io.stagedoor.concert.application;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.concert.api.ConcertFanLimits;
import io.stagedoor.concert.api.ConcertNotFoundException;
import io.stagedoor.concert.api.FanLimitsQuery;
import io.stagedoor.concert.api.SetFanLimitsCommand;
import io.stagedoor.concert.api.SetFanLimitsUseCase;
import io.stagedoor.concert.api.TicketLimitReachedException;
import io.stagedoor.concert.api.TicketLimitUseCase;
import io.stagedoor.concert.application.port.out.FanLimitSettings;
import io.stagedoor.concert.domain.FanLimits;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A concert's per-fan limits for operators, and the ticket limit at payment. The next hold obeys a change on every
 * instance at once: the hold statement reads the concert's numbers itself. Lowering a limit takes no hold or ticket
 * away; it refuses the next hold, and the payment that would take the fan past the new limit
 * ({@link #withinTicketLimit}).
 */
final class FanLimitsService implements SetFanLimitsUseCase, FanLimitsQuery, TicketLimitUseCase {

    private final FanLimitSettings settings;
    private final FanLimits defaults;

    FanLimitsService(FanLimitSettings settings, FanLimits defaults) {
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
    public Mono<ConcertFanLimits> fanLimits(ConcertId concert) {
        long concertId = concert.value();
        return settings.find(concertId)
                .switchIfEmpty(Mono.error(() -> new ConcertNotFoundException(concertId)))
                .map(stored -> inForce(concertId, stored));
    }

    /**
     * Lock, sale, count: the count runs after the sale in the same transaction, so it sees the seats just sold, and
     * under the fan's lock, so no other payment of the fan commits between the two. Counting after the sale keeps the
     * refusals' order of the one-reservation path (not the caller's, another concert, expired or paid come first).
     */
    @Override
    public <T> Mono<T> withinTicketLimit(UserId user, ConcertId concert, Mono<T> sale) {
        long userId = user.value();
        long concertId = concert.value();
        return settings.lockFan(userId, concertId)
                .then(sale)
                .flatMap(sold -> settings.ticketStanding(userId, concertId, defaults.ticketsPerFan())
                        .switchIfEmpty(Mono.error(() -> new ConcertNotFoundException(concertId)))
                        .flatMap(standing -> standing.withinLimit()
                                ? Mono.just(sold)
                                : Mono.error(new TicketLimitReachedException(concertId, standing.ticketLimit()))));
    }

    private ConcertFanLimits inForce(long concertId, FanLimitSettings.Stored stored) {
        return new ConcertFanLimits(concertId, stored.holdsPerFan().orElse(defaults.holdsPerFan()),
                stored.ticketsPerFan().orElse(defaults.ticketsPerFan()));
    }
}
