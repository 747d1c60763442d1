package io.stagedoor.concert.support;


import io.stagedoor.concert.adapter.out.persistence.BatchedSeatHolds;
import io.stagedoor.concert.adapter.out.persistence.HoldBatching;
import io.stagedoor.concert.adapter.out.persistence.R2dbcConcertCatalog;
import io.stagedoor.concert.adapter.out.persistence.R2dbcFanLimitSettings;
import io.stagedoor.concert.adapter.out.persistence.R2dbcReservationRecords;
import io.stagedoor.concert.adapter.out.persistence.R2dbcSeatAvailability;
import io.stagedoor.concert.adapter.out.persistence.R2dbcSeatHolds;
import io.stagedoor.concert.api.CreateConcertCommand;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.application.AvailabilityService;
import io.stagedoor.concert.application.CancelReservationService;
import io.stagedoor.concert.application.ConcertCatalogService;
import io.stagedoor.concert.application.ConfirmReservationService;
import io.stagedoor.concert.application.FanLimitsService;
import io.stagedoor.concert.application.HoldSeatService;
import io.stagedoor.concert.application.ReservationLookupService;
import io.stagedoor.concert.application.SeatMapService;
import io.stagedoor.concert.application.SweepExpiredHoldsService;
import io.stagedoor.concert.application.port.out.SeatHolds;
import io.stagedoor.concert.domain.FanLimits;
import io.stagedoor.concert.domain.HoldPolicy;
import io.stagedoor.testsupport.MutableClock;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.scheduler.Schedulers;

/**
 * The concert module wired the way bootstrap wires it, against a fresh real PostgreSQL database, with a clock the
 * test controls. One per test class; each test makes its own concert so tests never share seats.
 */
public final class ConcertModule implements AutoCloseable {

    public final TestDatabase database;
    public final DatabaseClient db;
    public final R2dbcTransactionManager transactionManager;
    public final MutableClock clock;
    public final R2dbcSeatHolds seatHolds;
    public final R2dbcReservationRecords records;
    public final ConcertCatalogService catalog;
    public final AvailabilityService availability;
    public final ReservationLookupService lookup;
    public final SeatMapService seatMap;
    public final FanLimitsService fanLimits;

    private ConcertModule(TestDatabase database, MutableClock clock) {
        this.database = database;
        this.db = database.databaseClient();
        this.transactionManager = new R2dbcTransactionManager(database.connectionFactory());
        this.clock = clock;
        this.seatHolds = new R2dbcSeatHolds(db);
        this.records = new R2dbcReservationRecords(db);
        this.catalog = new ConcertCatalogService(new R2dbcConcertCatalog(db), TransactionalOperator.create(transactionManager));
        this.availability = new AvailabilityService(new R2dbcSeatAvailability(db), clock);
        this.lookup = new ReservationLookupService(records, clock);
        this.seatMap = new SeatMapService(new R2dbcSeatAvailability(db), clock);
        this.fanLimits = new FanLimitsService(new R2dbcFanLimitSettings(db), FanLimits.standard());
    }

    public static ConcertModule start() {
        return new ConcertModule(TestDatabase.create("concert"), MutableClock.atSystemTime());
    }

    public HoldSeatService holdService(Duration holdDuration) {
        return holdService(holdDuration, clock);
    }

    public HoldSeatService holdService(Duration holdDuration, Clock holdClock) {
        return new HoldSeatService(seatHolds, new HoldPolicy(holdDuration), holdClock);
    }

    public HoldSeatService holdService() {
        return holdService(HoldPolicy.DEFAULT_HOLD_DURATION);
    }

    /** The hold use case over the given port (e.g. {@link #batchedSeatHolds}) instead of the single-statement one. */
    public HoldSeatService holdService(SeatHolds holds) {
        return new HoldSeatService(holds, new HoldPolicy(HoldPolicy.DEFAULT_HOLD_DURATION), clock);
    }

    /** Holds micro-batched the way bootstrap wires them when hold-batch max-size is above 1. */
    public BatchedSeatHolds batchedSeatHolds(int maxSize, int maxInFlight) {
        return new BatchedSeatHolds(seatHolds, db, new HoldBatching(maxSize, maxInFlight, Duration.ofSeconds(30)),
                Schedulers.parallel());
    }

    public ConfirmReservationService confirmService(Clock confirmClock) {
        return new ConfirmReservationService(seatHolds, records, confirmClock);
    }

    public ConfirmReservationService confirmService() {
        return confirmService(clock);
    }

    public CancelReservationService cancelService() {
        return new CancelReservationService(seatHolds, records, clock);
    }

    public SweepExpiredHoldsService sweepService(Clock sweepClock) {
        return new SweepExpiredHoldsService(seatHolds, sweepClock);
    }

    public SweepExpiredHoldsService sweepService() {
        return sweepService(clock);
    }

    public TransactionalOperator callerTransaction() {
        return TransactionalOperator.create(transactionManager);
    }

    /** A concert with one schedule a week after the clock's now, seats 1..seats at {@code price}. */
    public CreatedConcert concertWithOneSchedule(int seats, long price) {
        return concert(List.of(new CreateConcertCommand.Schedule(clock.instant().plus(Duration.ofDays(7)), seats, price)));
    }

    public CreatedConcert concert(List<CreateConcertCommand.Schedule> schedules) {
        return catalog.create(new CreateConcertCommand("Test concert " + System.nanoTime(), schedules)).block();
    }

    // --- reading the tables straight (JDBC on the test thread) ---------------------------------------------------

    public long count(String sql) {
        return database.queryForLong(sql);
    }

    public String seatStatus(long scheduleId, int seatNumber) {
        return text("SELECT status FROM concert.seats WHERE schedule_id = " + scheduleId + " AND seat_number = " + seatNumber);
    }

    public Long seatHolder(long scheduleId, int seatNumber) {
        return db.sql("SELECT held_by FROM concert.seats WHERE schedule_id = :s AND seat_number = :n")
                .bind("s", scheduleId).bind("n", seatNumber)
                .map((row, meta) -> java.util.Optional.ofNullable(row.get("held_by", Long.class)))
                .one().block().orElse(null);
    }

    public String reservationStatus(long reservationId) {
        return text("SELECT status FROM concert.reservations WHERE id = " + reservationId);
    }

    public Instant now() {
        return clock.instant();
    }

    private String text(String sql) {
        return db.sql(sql).map((row, meta) -> row.get(0, String.class)).one().block();
    }

    @Override
    public void close() {
        database.close();
    }
}
