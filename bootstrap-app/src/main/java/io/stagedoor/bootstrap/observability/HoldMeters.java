package io.stagedoor.bootstrap.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stagedoor.concert.api.CancelReservationUseCase;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.SweepExpiredHoldsUseCase;
import java.util.Map;

/**
 * Seat holds by how they began or ended, counted around the concert module's api ports (the module stays free of
 * metrics): {@code held} (a hold taken), {@code unavailable} (refused SEAT_UNAVAILABLE), {@code limit} (refused
 * HOLD_LIMIT_REACHED, once per-fan limits exist), {@code cancelled} (a cancel answered; a repeated cancel of the same
 * hold counts again) and {@code expired} (holds the sweep found run out), plus the seats each sweep freed. Other
 * refusals (unknown seat or schedule, wrong concert) are bad input, not a hold outcome, and show in the HTTP metrics.
 */
public final class HoldMeters {

    static final String HOLDS = "stagedoor.holds";
    static final String SWEEP_FREED = "stagedoor.hold.sweep.freed";

    private final Counter held;
    private final Counter cancelled;
    private final Counter expired;
    private final Counter sweepFreed;
    /** Refusal codes that are hold outcomes, each with its outcome's counter. */
    private final Map<String, Counter> refused;

    public HoldMeters(MeterRegistry registry) {
        this.held = outcome(registry, "held");
        this.cancelled = outcome(registry, "cancelled");
        this.expired = outcome(registry, "expired");
        this.refused = Map.of(
                "SEAT_UNAVAILABLE", outcome(registry, "unavailable"),
                "HOLD_LIMIT_REACHED", outcome(registry, "limit"));
        this.sweepFreed = Counter.builder(SWEEP_FREED)
                .description("Seats the expired-hold sweep of this instance freed")
                .register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder(HOLDS).tag("outcome", outcome)
                .description("Seat holds by outcome: held, unavailable, limit, cancelled, expired")
                .register(registry);
    }

    /** {@code holds}, counting every hold taken and every refusal that is a hold outcome. */
    public HoldSeatUseCase counted(HoldSeatUseCase holds) {
        return command -> holds.hold(command)
                .doOnSuccess(view -> held.increment())
                .doOnError(this::countRefusal);
    }

    public CancelReservationUseCase counted(CancelReservationUseCase cancels) {
        return (reservationId, userId, concertId) -> cancels.cancel(reservationId, userId, concertId)
                .doOnSuccess(view -> cancelled.increment());
    }

    public SweepExpiredHoldsUseCase counted(SweepExpiredHoldsUseCase sweep) {
        return () -> sweep.sweepExpiredHolds().doOnNext(freed -> {
            sweepFreed.increment(freed);
            expired.increment(freed);
        });
    }

    private void countRefusal(Throwable error) {
        String code = ProblemCodes.of(error);
        Counter counter = code == null ? null : refused.get(code);
        if (counter != null) {
            counter.increment();
        }
    }
}
