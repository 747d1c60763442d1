package io.stagedoor.bootstrap.wiring;

import io.stagedoor.bootstrap.observability.HoldMeters;
import io.stagedoor.bootstrap.observability.OperatorAudit;
import io.stagedoor.bootstrap.performance.WheelTimerScheduler;
import io.stagedoor.bootstrap.persistence.ModuleSchema;
import io.stagedoor.bootstrap.persistence.TransactionTimeLimit;
import io.stagedoor.bootstrap.scheduling.PeriodicTask;
import io.stagedoor.bootstrap.web.AdminRoutes;
import io.stagedoor.bootstrap.web.GatedRoutes;
import io.stagedoor.bootstrap.web.PublicRoutes;
import io.stagedoor.concert.ConcertModule;
import io.stagedoor.concert.api.CancelReservationUseCase;
import io.stagedoor.concert.api.ConcertExistenceQuery;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.concert.api.CreateConcertUseCase;
import io.stagedoor.concert.api.FanLimitsQuery;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.LiveHoldQuery;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.concert.api.TicketLimitUseCase;
import io.stagedoor.concert.api.SetFanLimitsUseCase;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;

/**
 * Exports the concert module ({@link ConcertModule}, schema {@code concert}): reads its settings, exports the api ports
 * other modules inject, its routes (public, gated, admin) with holds and cancels counted and operators' changes
 * audited, and runs the expired-hold sweeper. Settings:
 * <ul>
 *   <li>{@code stagedoor.reservation.hold-duration} (env STAGEDOOR_RESERVATION_HOLD_DURATION, default PT5M)</li>
 *   <li>{@code stagedoor.reservation.sweep-interval} (env STAGEDOOR_RESERVATION_SWEEP_INTERVAL, default PT5S)</li>
 *   <li>{@code stagedoor.reservation.sweep-batch-size} (env STAGEDOOR_RESERVATION_SWEEP_BATCH_SIZE, default 500)</li>
 *   <li>{@code stagedoor.reservation.availability-cache} (env STAGEDOOR_RESERVATION_AVAILABILITY_CACHE, default PT1S;
 *       PT0S disables it): how stale the schedules and seats lists may be</li>
 *   <li>{@code stagedoor.reservation.hold-batch.max-size} (env STAGEDOOR_RESERVATION_HOLD_BATCH_MAX_SIZE, default 64;
 *       1 = one statement per hold) and {@code stagedoor.reservation.hold-batch.max-in-flight}
 *       (env STAGEDOOR_RESERVATION_HOLD_BATCH_MAX_IN_FLIGHT, default 2): concurrent holds share one statement; a
 *       batch still running after the request deadline fails its holds (their callers have had a 503 by then). Two
 *       batches at once rather than four: a call of the batch function costs the database about as much for one
 *       hold as for a dozen, so fewer slots make fuller batches (docs/performance.md)</li>
 *   <li>{@code stagedoor.reservation.holds-per-fan} / {@code tickets-per-fan} (default 4 each) and
 *       {@code stagedoor.reservation.re-hold-cool-down} (default PT5M): the per-fan limits of every concert that sets
 *       none of its own</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class ConcertWiring {

    @Bean
    ModuleSchema concertSchema() {
        return new ModuleSchema("concert");
    }

    @Bean
    ConcertModule concertModule(DatabaseClient db, TransactionTimeLimit transactionTimeLimit,
                                ReactiveTransactionManager transactions, Clock clock, WheelTimerScheduler requestTimers,
                                @Value("${stagedoor.reservation.hold-duration:PT5M}") Duration holdDuration,
                                @Value("${stagedoor.reservation.sweep-batch-size:500}") int sweepBatchSize,
                                @Value("${stagedoor.reservation.availability-cache:PT1S}") Duration availabilityCache,
                                @Value("${stagedoor.reservation.hold-batch.max-size:64}") int holdBatchMaxSize,
                                @Value("${stagedoor.reservation.hold-batch.max-in-flight:2}") int holdBatchMaxInFlight,
                                @Value("${stagedoor.http.request-deadline:PT10S}") Duration requestDeadline,
                                @Value("${stagedoor.reservation.holds-per-fan:4}") int holdsPerFan,
                                @Value("${stagedoor.reservation.tickets-per-fan:4}") int ticketsPerFan,
                                @Value("${stagedoor.reservation.re-hold-cool-down:PT5M}") Duration reHoldCoolDown) {
        return ConcertModule.assemble(db, transactionTimeLimit.operator(transactions), clock, requestTimers,
                new ConcertModule.Settings(holdDuration, sweepBatchSize, availabilityCache, holdBatchMaxSize,
                        holdBatchMaxInFlight, requestDeadline, holdsPerFan, ticketsPerFan, reHoldCoolDown));
    }

    // --- api ports other modules inject ------------------------------------------------------------------------

    /** Used by the queue (through its existence cache). */
    @Bean
    ConcertExistenceQuery concertExistenceQuery(ConcertModule concertModule) {
        return concertModule.concertExistence();
    }

    @Bean
    LoadReservationQuery loadReservationQuery(ConcertModule concertModule) {
        return concertModule.loadReservation();
    }

    @Bean
    ConfirmReservationUseCase confirmReservationUseCase(ConcertModule concertModule) {
        return concertModule.confirmReservation();
    }

    @Bean
    ConfirmReservationsUseCase confirmReservationsUseCase(ConcertModule concertModule) {
        return concertModule.confirmReservations();
    }

    @Bean
    FanLimitsQuery fanLimitsQuery(ConcertModule concertModule) {
        return concertModule.fanLimits();
    }

    @Bean
    TicketLimitUseCase ticketLimit(ConcertModule concertModule) {
        return concertModule.ticketLimit();
    }

    @Bean
    LiveHoldQuery liveHoldQuery(ConcertModule concertModule) {
        return concertModule.liveHolds();
    }

    /** Sweeps expired holds every interval on this instance (counted); started and stopped with the context. */
    @Bean
    PeriodicTask concertHoldSweep(ConcertModule concertModule, HoldMeters holdMeters,
                                  @Value("${stagedoor.reservation.sweep-interval:PT5S}") Duration interval) {
        return new PeriodicTask("expired-hold sweep", interval, holdMeters.counted(concertModule.sweepExpiredHolds())::sweepExpiredHolds);
    }

    // --- HTTP --------------------------------------------------------------------------------------------------

    /** Holds and cancels are counted by outcome; creating a concert and setting a concert's limits are audit events. */
    @Bean
    ConcertModule.Routes concertRoutes(ConcertModule concertModule, HoldMeters holdMeters, OperatorAudit operatorAudit) {
        return concertModule.routes(new ConcertModule.Watch() {
            @Override
            public HoldSeatUseCase holds(HoldSeatUseCase holds) {
                return holdMeters.counted(holds);
            }

            @Override
            public CancelReservationUseCase cancels(CancelReservationUseCase cancels) {
                return holdMeters.counted(cancels);
            }

            @Override
            public CreateConcertUseCase concertCreation(CreateConcertUseCase create) {
                return operatorAudit.audited(create);
            }

            @Override
            public SetFanLimitsUseCase fanLimitChanges(SetFanLimitsUseCase set) {
                return operatorAudit.audited(set);
            }
        });
    }

    /** GET /concerts. */
    @Bean
    PublicRoutes concertPublicRoutes(ConcertModule.Routes concertRoutes) {
        return new PublicRoutes(concertRoutes.publicRoutes());
    }

    /** Schedules, seats, seat maps and reservations: behind the queue's admission gate. */
    @Bean
    GatedRoutes concertGatedRoutes(ConcertModule.Routes concertRoutes) {
        // holds and cancels are decided by the seat row's conditional UPDATE; the gate only has to know the fan was
        // admitted, which the instance's recent ACTIVE answer tells for up to stagedoor.queue.gate-cache
        return new GatedRoutes(concertRoutes.gatedRoutes(), GatedRoutes.Writes.MAY_USE_RECENT_ANSWER);
    }

    /** POST /admin/concerts and the concerts' per-fan limits: behind the Admin-Key check. */
    @Bean
    AdminRoutes concertAdminRoutes(ConcertModule.Routes concertRoutes) {
        return new AdminRoutes(concertRoutes.adminRoutes());
    }
}
