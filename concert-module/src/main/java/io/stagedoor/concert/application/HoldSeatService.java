package io.stagedoor.concert.application;

import io.stagedoor.concert.api.HoldLimitReachedException;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.api.ScheduleNotFoundException;
import io.stagedoor.concert.api.SeatNotFoundException;
import io.stagedoor.concert.api.SeatUnavailableException;
import io.stagedoor.concert.api.TicketLimitReachedException;
import io.stagedoor.concert.api.WrongConcertException;
import io.stagedoor.concert.application.port.out.HoldAttempt;
import io.stagedoor.concert.application.port.out.SeatHolds;
import io.stagedoor.concert.domain.HoldPolicy;
import io.stagedoor.concert.domain.HoldRefusal;
import io.stagedoor.concert.domain.SeatOutlook;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Holds a seat. The decision is the single conditional statement behind {@link SeatHolds#hold} (atomic on its own,
 * so no surrounding transaction and no extra round trips); this service only supplies the time and explains a loss.
 */
final class HoldSeatService implements HoldSeatUseCase {

    private final SeatHolds seatHolds;
    private final HoldPolicy policy;
    private final Clock clock;

    HoldSeatService(SeatHolds seatHolds, HoldPolicy policy, Clock clock) {
        this.seatHolds = Objects.requireNonNull(seatHolds);
        this.policy = Objects.requireNonNull(policy);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Mono<ReservationView> hold(HoldSeatCommand command) {
        return Mono.defer(() -> {
            Instant now = Now.of(clock);
            return seatHolds.hold(command.userId(), command.concertId(), command.scheduleId(), command.seatNumber(),
                            now, policy.expiresAt(now))
                    .map(attempt -> {
                        if (attempt instanceof HoldAttempt.Won won) {
                            return ReservationViews.view(won.reservation(), now);
                        }
                        if (attempt instanceof HoldAttempt.Refused refused) {
                            throw refusal(command, refused, now);
                        }
                        throw refusal(command, ((HoldAttempt.Lost) attempt), now);
                    });
        });
    }

    /** A fan over a limit hears first whatever a stranger would (wrong concert, no such seat), then the limit. */
    private static RuntimeException refusal(HoldSeatCommand command, HoldAttempt.Refused refused, Instant now) {
        if (refused.outlook().refusalFor(command.concertId(), now) != HoldRefusal.SEAT_UNAVAILABLE) {
            return refusal(command, new HoldAttempt.Lost(Optional.of(refused.outlook())), now);
        }
        return switch (refused.refusal()) {
            case HOLD_LIMIT_REACHED -> new HoldLimitReachedException(command.concertId());
            case TICKET_LIMIT_REACHED -> new TicketLimitReachedException(command.concertId());
            case RE_HOLD_COOLING_DOWN -> SeatUnavailableException.coolingDown(command.scheduleId(), command.seatNumber());
        };
    }

    private static RuntimeException refusal(HoldSeatCommand command, HoldAttempt.Lost lost, Instant now) {
        if (lost.outlook().isEmpty()) {
            return new ScheduleNotFoundException(command.concertId(), command.scheduleId());
        }
        SeatOutlook outlook = lost.outlook().get();
        return switch (outlook.refusalFor(command.concertId(), now)) {
            case WRONG_CONCERT -> new WrongConcertException(command.concertId(), outlook.scheduleConcertId());
            case SCHEDULE_NOT_FOUND -> new ScheduleNotFoundException(command.concertId(), command.scheduleId());
            case SEAT_NOT_FOUND -> new SeatNotFoundException(command.scheduleId(), command.seatNumber());
            case SEAT_UNAVAILABLE -> new SeatUnavailableException(command.scheduleId(), command.seatNumber());
        };
    }
}
