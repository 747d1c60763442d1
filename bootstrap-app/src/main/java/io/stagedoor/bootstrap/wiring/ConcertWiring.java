package io.stagedoor.bootstrap.wiring;

import io.stagedoor.bootstrap.observability.HoldMeters;
import io.stagedoor.bootstrap.observability.OperatorAudit;
import io.stagedoor.bootstrap.web.PublicRoutes;
import io.stagedoor.bootstrap.persistence.ModuleSchema;
import io.stagedoor.bootstrap.web.AdminRoutes;
import io.stagedoor.bootstrap.web.GatedRoutes;
import io.stagedoor.bootstrap.scheduling.PeriodicTask;
import io.stagedoor.bootstrap.performance.WheelTimerScheduler;
import io.stagedoor.bootstrap.persistence.TransactionTimeLimit;
import io.stagedoor.concert.adapter.in.web.ConcertAdminHandler;
import io.stagedoor.concert.adapter.in.web.ConcertHandler;
import io.stagedoor.concert.adapter.in.web.ConcertRoutes;
import io.stagedoor.concert.adapter.in.web.ReservationHandler;
import io.stagedoor.concert.adapter.out.persistence.BatchedSeatHolds;
import io.stagedoor.concert.adapter.out.persistence.HoldBatching;
import io.stagedoor.concert.adapter.out.persistence.R2dbcConcertCatalog;
import io.stagedoor.concert.adapter.out.persistence.R2dbcFanLimitSettings;
import io.stagedoor.concert.adapter.out.persistence.R2dbcReservationRecords;
import io.stagedoor.concert.adapter.out.persistence.R2dbcSeatAvailability;
import io.stagedoor.concert.adapter.out.persistence.R2dbcSeatHolds;
import io.stagedoor.concert.adapter.out.persistence.R2dbcSeatSales;
import io.stagedoor.concert.api.SweepExpiredHoldsUseCase;
import io.stagedoor.concert.application.AvailabilityService;
import io.stagedoor.concert.application.CachedAvailability;
import io.stagedoor.concert.application.CancelReservationService;
import io.stagedoor.concert.application.ConcertCatalogService;
import io.stagedoor.concert.application.ConfirmReservationService;
import io.stagedoor.concert.application.ConfirmReservationsService;
import io.stagedoor.concert.application.FanLimitsService;
import io.stagedoor.concert.application.HoldSeatService;
import io.stagedoor.concert.application.LiveHoldService;
import io.stagedoor.concert.application.ReservationLookupService;
import io.stagedoor.concert.application.SeatMapService;
import io.stagedoor.concert.application.SweepExpiredHoldsService;
import io.stagedoor.concert.domain.FanLimits;
import io.stagedoor.concert.domain.HoldPolicy;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;

/**
 * Wires the concert module: schema {@code concert}, its adapters and services, its routes (public, gated, admin) and
 * the expired-hold sweeper. Settings:
 * <ul>
 *   <li>{@code stagedoor.reservation.hold-duration} (env STAGEDOOR_RESERVATION_HOLD_DURATION, default PT5M)</li>
 *   <li>{@code stagedoor.reservation.sweep-interval} (env STAGEDOOR_RESERVATION_SWEEP_INTERVAL, default PT5S)</li>
 *   <li>{@code stagedoor.reservation.sweep-batch-size} (env STAGEDOOR_RESERVATION_SWEEP_BATCH_SIZE, default 500)</li>
 *   <li>{@code stagedoor.reservation.availability-cache} (env STAGEDOOR_RESERVATION_AVAILABILITY_CACHE, default PT1S;
 *       PT0S disables it): how stale the schedules and seats lists may be</li>
 *   <li>{@code stagedoor.reservation.hold-batch.max-size} (env STAGEDOOR_RESERVATION_HOLD_BATCH_MAX_SIZE, default 64;
 *       1 = one statement per hold) and {@code stagedoor.reservation.hold-batch.max-in-flight}
 *       (env STAGEDOOR_RESERVATION_HOLD_BATCH_MAX_IN_FLIGHT, default 4): concurrent holds share one statement</li>
 *   <li>{@code stagedoor.reservation.holds-per-fan} / {@code tickets-per-fan} (default 4 each) and
 *       {@code stagedoor.reservation.re-hold-cool-down} (default PT5M): the per-fan limits of every concert that sets
 *       none of its own</li>
 * </ul>
 * The concert api ports other modules inject (ConcertExistenceQuery, LoadReservationQuery, ConfirmReservationUseCase,
 * ConfirmReservationsUseCase)
 * are each implemented by exactly one bean below.
 */
@Configuration(proxyBeanMethods = false)
public class ConcertWiring {

    @Bean
    ModuleSchema concertSchema() {
        return new ModuleSchema("concert");
    }

    @Bean
    HoldPolicy concertHoldPolicy(@Value("${stagedoor.reservation.hold-duration:PT5M}") Duration holdDuration) {
        return new HoldPolicy(holdDuration);
    }

    // --- outbound adapters -------------------------------------------------------------------------------------

    @Bean
    R2dbcConcertCatalog concertCatalog(DatabaseClient db) {
        return new R2dbcConcertCatalog(db);
    }

    @Bean
    R2dbcSeatAvailability concertSeatAvailability(DatabaseClient db) {
        return new R2dbcSeatAvailability(db);
    }

    /**
     * Per fan and concert: live holds and tickets (a concert may set its own through the admin API), and how long a
     * fan whose hold ran out unpaid waits before holding that seat again.
     */
    @Bean
    FanLimits concertFanLimits(@Value("${stagedoor.reservation.holds-per-fan:4}") int holdsPerFan,
                               @Value("${stagedoor.reservation.tickets-per-fan:4}") int ticketsPerFan,
                               @Value("${stagedoor.reservation.re-hold-cool-down:PT5M}") Duration reHoldCoolDown) {
        return new FanLimits(holdsPerFan, ticketsPerFan, reHoldCoolDown);
    }

    @Bean
    R2dbcSeatHolds concertSeatHolds(DatabaseClient db, FanLimits concertFanLimits) {
        return new R2dbcSeatHolds(db, concertFanLimits);
    }

    /**
     * The hold path: concurrent holds micro-batched into one statement each, at most max-in-flight statements (and so
     * pool connections) at once; max-size 1 is the single-statement hold with no queue, for A/B runs. A batch still
     * running after the request deadline fails its holds (their callers have had a 503 by then).
     */
    @Bean
    BatchedSeatHolds concertBatchedSeatHolds(
            R2dbcSeatHolds seatHolds, DatabaseClient db, FanLimits concertFanLimits, WheelTimerScheduler requestTimers,
            @Value("${stagedoor.reservation.hold-batch.max-size:64}") int maxSize,
            @Value("${stagedoor.reservation.hold-batch.max-in-flight:4}") int maxInFlight,
            @Value("${stagedoor.http.request-deadline:PT10S}") Duration deadline) {
        return new BatchedSeatHolds(seatHolds, db, concertFanLimits, new HoldBatching(maxSize, maxInFlight, deadline),
                requestTimers);
    }

    @Bean
    R2dbcReservationRecords concertReservationRecords(DatabaseClient db) {
        return new R2dbcReservationRecords(db);
    }

    /**
     * Schedules and free seats, each key's answer shared for less than the TTL (docs/performance.md); holds and cancels made through
     * this instance evict the affected keys at once. Holds are still decided by the database.
     */
    @Bean
    CachedAvailability concertCachedAvailability(
            R2dbcSeatAvailability availability,
            @Value("${stagedoor.reservation.availability-cache:PT1S}") Duration ttl) {
        return new CachedAvailability(availability, ttl);
    }

    // --- use cases (api ports) ---------------------------------------------------------------------------------

    /** ListConcertsQuery, ConcertExistenceQuery (used by the queue), CreateConcertUseCase. */
    @Bean
    ConcertCatalogService concertCatalogService(R2dbcConcertCatalog catalog, TransactionTimeLimit transactionTimeLimit, ReactiveTransactionManager transactions) {
        return new ConcertCatalogService(catalog, transactionTimeLimit.operator(transactions));
    }

    /** SetFanLimitsUseCase, FanLimitsQuery: a concert's own per-fan limits, for operators. */
    @Bean
    FanLimitsService concertFanLimitsService(DatabaseClient db, FanLimits concertFanLimits) {
        return new FanLimitsService(new R2dbcFanLimitSettings(db), concertFanLimits);
    }

    /** ListAvailableSchedulesQuery, ListFreeSeatsQuery. */
    @Bean
    AvailabilityService concertAvailabilityService(CachedAvailability availability, Clock clock) {
        return new AvailabilityService(availability, clock);
    }

    /** SeatMapQuery: every seat of a schedule as the admitted user sees it, from the same short-lived cache. */
    @Bean
    SeatMapService concertSeatMapService(CachedAvailability availability, Clock clock) {
        return new SeatMapService(availability, clock);
    }

    @Bean
    HoldSeatService concertHoldSeatService(BatchedSeatHolds seatHolds, CachedAvailability availability,
                                           HoldPolicy concertHoldPolicy, Clock clock) {
        return new HoldSeatService(availability.evictingOn(seatHolds), concertHoldPolicy, clock);
    }

    /** GetReservationQuery, LoadReservationQuery (used by payment). */
    @Bean
    ReservationLookupService concertReservationLookupService(R2dbcReservationRecords records, Clock clock) {
        return new ReservationLookupService(records, clock);
    }

    /** LiveHoldQuery: a live hold proves admission when the waiting room lost its data (Redis restart). */
    @Bean
    LiveHoldService concertLiveHoldService(R2dbcReservationRecords records) {
        return new LiveHoldService(records);
    }

    /** ConfirmReservationUseCase (used by payment inside its transaction). */
    @Bean
    ConfirmReservationService concertConfirmReservationService(R2dbcSeatHolds seatHolds,
                                                               R2dbcReservationRecords records, Clock clock) {
        return new ConfirmReservationService(seatHolds, records, clock);
    }

    /** ConfirmReservationsUseCase (used by batched payments inside their transaction). */
    @Bean
    ConfirmReservationsService concertConfirmReservationsService(DatabaseClient databaseClient, Clock clock) {
        return new ConfirmReservationsService(new R2dbcSeatSales(databaseClient), clock);
    }

    @Bean
    CancelReservationService concertCancelReservationService(R2dbcSeatHolds seatHolds, CachedAvailability availability,
                                                             R2dbcReservationRecords records, Clock clock) {
        return new CancelReservationService(availability.evictingOn(seatHolds), records, clock);
    }

    @Bean
    SweepExpiredHoldsService concertSweepExpiredHoldsService(
            R2dbcSeatHolds seatHolds, Clock clock,
            @Value("${stagedoor.reservation.sweep-batch-size:500}") int batchSize) {
        return new SweepExpiredHoldsService(seatHolds, clock, batchSize, SweepExpiredHoldsService.DEFAULT_MAX_BATCHES);
    }

    /** Sweeps expired holds every interval on this instance (counted); started and stopped with the context. */
    @Bean
    PeriodicTask concertHoldSweep(SweepExpiredHoldsService sweep, HoldMeters holdMeters,
                                  @Value("${stagedoor.reservation.sweep-interval:PT5S}") Duration interval) {
        SweepExpiredHoldsUseCase counted = holdMeters.counted(sweep);
        return new PeriodicTask("expired-hold sweep", interval, counted::sweepExpiredHolds);
    }

    // --- HTTP --------------------------------------------------------------------------------------------------

    /** Holds and cancels are counted by outcome; creating a concert is an audit event. */
    @Bean
    ConcertRoutes concertRoutes(ConcertCatalogService catalog, AvailabilityService availability,
                                SeatMapService seatMap, HoldSeatService holdSeat, ReservationLookupService lookup,
                                CancelReservationService cancel, FanLimitsService fanLimits, HoldMeters holdMeters,
                                OperatorAudit operatorAudit) {
        return new ConcertRoutes(
                new ConcertHandler(catalog, availability, availability, seatMap),
                new ReservationHandler(holdMeters.counted(holdSeat), lookup, holdMeters.counted(cancel)),
                new ConcertAdminHandler(operatorAudit.audited(catalog), operatorAudit.audited(fanLimits), fanLimits));
    }

    /** GET /concerts. */
    @Bean
    PublicRoutes concertPublicRoutes(ConcertRoutes routes) {
        return new PublicRoutes(routes.publicRoutes());
    }

    /** Schedules, seats, seat maps and reservations: behind the queue's admission gate. */
    @Bean
    GatedRoutes concertGatedRoutes(ConcertRoutes routes) {
        // holds and cancels are decided by the seat row's conditional UPDATE; the gate only has to know the fan was
        // admitted, which the instance's recent ACTIVE answer tells for up to stagedoor.queue.gate-cache
        return new GatedRoutes(routes.gatedRoutes(), GatedRoutes.Writes.MAY_USE_RECENT_ANSWER);
    }

    /** POST /admin/concerts: behind the Admin-Key check. */
    @Bean
    AdminRoutes concertAdminRoutes(ConcertRoutes routes) {
        return new AdminRoutes(routes.adminRoutes());
    }
}
