package io.stagedoor.concert.adapter.out.persistence;

import io.stagedoor.concert.application.port.out.ConcertCatalog;
import io.stagedoor.concert.application.port.out.ConcertTransactions;
import io.stagedoor.concert.application.port.out.FanLimitSettings;
import io.stagedoor.concert.application.port.out.ReservationRecords;
import io.stagedoor.concert.application.port.out.SeatAvailability;
import io.stagedoor.concert.application.port.out.SeatHolds;
import io.stagedoor.concert.application.port.out.SeatSales;
import io.stagedoor.concert.domain.FanLimits;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.scheduler.Scheduler;

/**
 * The concert schema's adapters over one transaction-aware {@link DatabaseClient}, handed out as the application's
 * outbound ports; the adapters themselves stay package-private.
 */
public final class ConcertPersistence {

    /** The single-statement holds (confirm, cancel, sweep) and the ones a fan's hold goes through. */
    public record Holds(SeatHolds single, SeatHolds batched) {
    }

    private final DatabaseClient db;

    public ConcertPersistence(DatabaseClient db) {
        this.db = Objects.requireNonNull(db);
    }

    /** Both over one single-statement adapter made with {@code limits}; {@code timers} times out hold batches. */
    public Holds holds(FanLimits limits, HoldBatching batching, Scheduler timers) {
        R2dbcSeatHolds single = new R2dbcSeatHolds(db, limits);
        return new Holds(single, new BatchedSeatHolds(single, db, limits, batching, timers));
    }

    /** The single-statement holds with the standard fan limits (for tests of the statements themselves). */
    public SeatHolds singleHolds() {
        return new R2dbcSeatHolds(db);
    }

    public ReservationRecords reservationRecords() {
        return new R2dbcReservationRecords(db);
    }

    public SeatAvailability seatAvailability() {
        return new R2dbcSeatAvailability(db);
    }

    public ConcertCatalog catalog() {
        return new R2dbcConcertCatalog(db);
    }

    public FanLimitSettings fanLimitSettings() {
        return new R2dbcFanLimitSettings(db);
    }

    public SeatSales seatSales() {
        return new R2dbcSeatSales(db);
    }

    /** The module's own transaction boundary, over the app's operator (its time limit included). */
    public static ConcertTransactions transactions(TransactionalOperator operator) {
        return new SpringConcertTransactions(operator);
    }
}
