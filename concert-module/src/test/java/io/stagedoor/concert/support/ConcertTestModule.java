package io.stagedoor.concert.support;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.concert.ConcertModule;
import io.stagedoor.concert.adapter.out.persistence.ConcertPersistence;
import io.stagedoor.concert.api.AvailableSchedule;
import io.stagedoor.concert.api.CancelReservationUseCase;
import io.stagedoor.concert.api.ConcertExistenceQuery;
import io.stagedoor.concert.api.ConcertSummary;
import io.stagedoor.concert.api.ConcertsPage;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.CreateConcertCommand;
import io.stagedoor.concert.api.CreateConcertUseCase;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.api.FreeSeat;
import io.stagedoor.concert.api.GetReservationQuery;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.ListAvailableSchedulesQuery;
import io.stagedoor.concert.api.ListConcertsQuery;
import io.stagedoor.concert.api.ListFreeSeatsQuery;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.api.SweepExpiredHoldsUseCase;
import io.stagedoor.concert.application.port.out.ReservationRecords;
import io.stagedoor.concert.application.port.out.SeatHolds;
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
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The concert module built by its production assembly ({@link ConcertModule}), as bootstrap builds it (holds
 * micro-batched, availability read through the short-lived cache), against a fresh real PostgreSQL database, with a
 * clock the test controls. One per test class; each test makes its own concert so tests never share seats. Use cases
 * on another clock or hold duration come from another assembly over the same database. The single-statement adapters
 * ({@link #seatHolds}, {@link #records}) are here for the tests of those adapters and of faults around them.
 */
public final class ConcertTestModule implements AutoCloseable {

    public final TestDatabase database;
    public final DatabaseClient db;
    public final R2dbcTransactionManager transactionManager;
    public final MutableClock clock;
    /** The module as the app assembles it, on {@link #clock} with the default settings. */
    public final ConcertModule production;
    public final SeatHolds seatHolds;
    public final ReservationRecords records;
    public final Catalog catalog;
    public final Availability availability;
    public final Lookup lookup;

    private ConcertTestModule(TestDatabase database, MutableClock clock) {
        this.database = database;
        this.db = database.databaseClient();
        this.transactionManager = new R2dbcTransactionManager(database.connectionFactory());
        this.clock = clock;
        this.seatHolds = new ConcertPersistence(db).singleHolds();
        this.records = new ConcertPersistence(db).reservationRecords();
        this.production = assembled(ConcertModule.Settings.defaults(), clock);
        this.catalog = new Catalog(production.listConcerts(), production.concertExistence(), production.createConcert());
        this.availability = new Availability(production.availableSchedules(), production.freeSeats());
        this.lookup = new Lookup(production.getReservation(), production.loadReservation());
    }

    public static ConcertTestModule start() {
        return new ConcertTestModule(TestDatabase.create("concert"), MutableClock.atSystemTime());
    }

    /** Another assembly of the module over the same database, with these settings and this clock. */
    public ConcertModule assembled(ConcertModule.Settings settings, Clock moduleClock) {
        return ConcertModule.assemble(db, TransactionalOperator.create(transactionManager), moduleClock,
                Schedulers.parallel(), settings);
    }

    /**
     * The listings straight from the database at the clock's instant, with no availability cache: for tests of what
     * counts as free at an exact instant (the production cache may answer up to its TTL late, as CachedAvailabilityTest
     * proves).
     */
    public Availability uncachedAvailability() {
        ConcertModule uncached = assembled(ConcertModule.Settings.defaults().withAvailabilityCache(Duration.ZERO), clock);
        return new Availability(uncached.availableSchedules(), uncached.freeSeats());
    }

    public HoldSeatUseCase holdService(Duration holdDuration) {
        return holdService(holdDuration, clock);
    }

    public HoldSeatUseCase holdService(Duration holdDuration, Clock holdClock) {
        return assembled(ConcertModule.Settings.defaults().withHoldDuration(holdDuration), holdClock).holdSeat();
    }

    public HoldSeatUseCase holdService() {
        return holdService(HoldPolicy.DEFAULT_HOLD_DURATION);
    }

    /** Holds micro-batched at most {@code maxSize} to a statement, at most {@code maxInFlight} statements at once. */
    public HoldSeatUseCase batchedHoldService(int maxSize, int maxInFlight) {
        return assembled(ConcertModule.Settings.defaults().withHoldBatch(maxSize, maxInFlight), clock).holdSeat();
    }

    public ConfirmReservationUseCase confirmService(Clock confirmClock) {
        return assembled(ConcertModule.Settings.defaults(), confirmClock).confirmReservation();
    }

    public ConfirmReservationUseCase confirmService() {
        return production.confirmReservation();
    }

    public CancelReservationUseCase cancelService() {
        return production.cancelReservation();
    }

    public SweepExpiredHoldsUseCase sweepService(Clock sweepClock) {
        return assembled(ConcertModule.Settings.defaults(), sweepClock).sweepExpiredHolds();
    }

    public SweepExpiredHoldsUseCase sweepService() {
        return production.sweepExpiredHolds();
    }

    /** The catalog's api ports as one. */
    public record Catalog(ListConcertsQuery list, ConcertExistenceQuery existence, CreateConcertUseCase creation)
            implements ListConcertsQuery, ConcertExistenceQuery, CreateConcertUseCase {

        @Override
        public Mono<List<ConcertSummary>> listConcerts() {
            return list.listConcerts();
        }

        @Override
        public Mono<ConcertsPage.Result> listConcerts(ConcertsPage page) {
            return list.listConcerts(page);
        }

        @Override
        public Mono<Boolean> exists(long concertId) {
            return existence.exists(concertId);
        }

        @Override
        public Mono<CreatedConcert> create(CreateConcertCommand command) {
            return creation.create(command);
        }
    }

    /** The schedules and free seats queries as one. */
    public record Availability(ListAvailableSchedulesQuery schedules, ListFreeSeatsQuery seats)
            implements ListAvailableSchedulesQuery, ListFreeSeatsQuery {

        @Override
        public Mono<List<AvailableSchedule>> availableSchedules(long concertId) {
            return schedules.availableSchedules(concertId);
        }

        @Override
        public Mono<List<FreeSeat>> freeSeats(long concertId, long scheduleId) {
            return seats.freeSeats(concertId, scheduleId);
        }
    }

    /** The reservation look-ups (the fan's own, admitted to its concert; and payments') as one. */
    public record Lookup(GetReservationQuery get, LoadReservationQuery load) implements GetReservationQuery, LoadReservationQuery {

        @Override
        public Mono<ReservationView> get(long reservationId, long userId, long admittedConcertId) {
            return get.get(reservationId, userId, admittedConcertId);
        }

        @Override
        public Mono<ReservationView> load(ReservationId reservationId, UserId userId) {
            return load.load(reservationId, userId);
        }
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
