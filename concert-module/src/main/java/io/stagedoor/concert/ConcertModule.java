package io.stagedoor.concert;

import io.stagedoor.concert.adapter.in.web.ConcertRoutes;
import io.stagedoor.concert.adapter.out.persistence.ConcertPersistence;
import io.stagedoor.concert.adapter.out.persistence.HoldBatching;
import io.stagedoor.concert.api.CancelReservationUseCase;
import io.stagedoor.concert.api.ConcertExistenceQuery;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.concert.api.CreateConcertUseCase;
import io.stagedoor.concert.api.FanLimitsQuery;
import io.stagedoor.concert.api.TicketLimitUseCase;
import io.stagedoor.concert.api.GetReservationQuery;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.ListAvailableSchedulesQuery;
import io.stagedoor.concert.api.ListConcertsQuery;
import io.stagedoor.concert.api.ListFreeSeatsQuery;
import io.stagedoor.concert.api.LiveHoldQuery;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.concert.api.SeatMapQuery;
import io.stagedoor.concert.api.SetFanLimitsUseCase;
import io.stagedoor.concert.api.SweepExpiredHoldsUseCase;
import io.stagedoor.concert.application.ConcertServices;
import io.stagedoor.concert.domain.FanLimits;
import io.stagedoor.concert.domain.HoldPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.scheduler.Scheduler;

/**
 * The concert module put together, in plain Java: schema {@code concert}'s adapters, the services over them and the
 * web handlers, from a {@link DatabaseClient}, a transaction operator, a clock, a timer scheduler and {@link Settings}.
 * It hands out only api ports and route groups; the app (bootstrap-app's ConcertWiring) and the module tests build it
 * the same way, so both run the same composition: holds micro-batched ({@code BatchedSeatHolds}) and availability
 * read through the short-lived cache ({@code CachedAvailability}), which holds and cancels made here evict.
 */
public final class ConcertModule {

    /**
     * How the module behaves (docs/architecture.md lists the properties bootstrap reads them from): how long a hold
     * lasts; how many expired holds one sweep statement releases; how stale the schedules and seats lists may be
     * (zero: no cache); how concurrent holds share a statement (max size 1: one statement per hold) and when a batch
     * still running fails its holds; the per-fan limits of every concert that sets none of its own.
     */
    public record Settings(Duration holdDuration, int sweepBatchSize, Duration availabilityCache,
                           int holdBatchMaxSize, int holdBatchMaxInFlight, Duration holdBatchTimeout,
                           int holdsPerFan, int ticketsPerFan, Duration reHoldCoolDown) {

        public Settings {
            Objects.requireNonNull(holdDuration, "holdDuration");
            Objects.requireNonNull(availabilityCache, "availabilityCache");
            Objects.requireNonNull(holdBatchTimeout, "holdBatchTimeout");
            Objects.requireNonNull(reHoldCoolDown, "reHoldCoolDown");
        }

        /** The app's defaults (five-minute holds, a one-second cache, batches of 64, four holds and tickets a fan). */
        public static Settings defaults() {
            return new Settings(HoldPolicy.DEFAULT_HOLD_DURATION, ConcertServices.DEFAULT_SWEEP_BATCH_SIZE,
                    Duration.ofSeconds(1), 64, 4, Duration.ofSeconds(10), FanLimits.DEFAULT_PER_FAN,
                    FanLimits.DEFAULT_PER_FAN, FanLimits.DEFAULT_RE_HOLD_COOL_DOWN);
        }

        public Settings withHoldDuration(Duration duration) {
            return new Settings(duration, sweepBatchSize, availabilityCache, holdBatchMaxSize, holdBatchMaxInFlight,
                    holdBatchTimeout, holdsPerFan, ticketsPerFan, reHoldCoolDown);
        }

        public Settings withHoldBatch(int maxSize, int maxInFlight) {
            return new Settings(holdDuration, sweepBatchSize, availabilityCache, maxSize, maxInFlight,
                    holdBatchTimeout, holdsPerFan, ticketsPerFan, reHoldCoolDown);
        }

        public Settings withAvailabilityCache(Duration ttl) {
            return new Settings(holdDuration, sweepBatchSize, ttl, holdBatchMaxSize, holdBatchMaxInFlight,
                    holdBatchTimeout, holdsPerFan, ticketsPerFan, reHoldCoolDown);
        }
    }

    /**
     * What the app wraps around the use cases the routes call (counting holds and cancels, auditing operators'
     * changes); each is the use case unchanged unless overridden.
     */
    public interface Watch {

        Watch NONE = new Watch() {
        };

        default HoldSeatUseCase holds(HoldSeatUseCase holds) {
            return holds;
        }

        default CancelReservationUseCase cancels(CancelReservationUseCase cancels) {
            return cancels;
        }

        default CreateConcertUseCase concertCreation(CreateConcertUseCase create) {
            return create;
        }

        default SetFanLimitsUseCase fanLimitChanges(SetFanLimitsUseCase set) {
            return set;
        }
    }

    /** The module's routes by who may call them: anyone; admitted fans (behind the queue's gate); operators. */
    public record Routes(RouterFunction<ServerResponse> publicRoutes, RouterFunction<ServerResponse> gatedRoutes,
                         RouterFunction<ServerResponse> adminRoutes) {
    }

    private final ConcertServices services;

    private ConcertModule(DatabaseClient db, TransactionalOperator transactions, Clock clock, Scheduler timers,
                          Settings settings) {
        FanLimits defaultLimits = new FanLimits(settings.holdsPerFan(), settings.ticketsPerFan(), settings.reHoldCoolDown());
        ConcertPersistence persistence = new ConcertPersistence(db);
        ConcertPersistence.Holds holds = persistence.holds(defaultLimits,
                new HoldBatching(settings.holdBatchMaxSize(), settings.holdBatchMaxInFlight(), settings.holdBatchTimeout()),
                timers);
        this.services = new ConcertServices(
                new ConcertServices.Store(persistence.catalog(), persistence.fanLimitSettings(),
                        persistence.seatAvailability(), holds.single(), holds.batched(), persistence.reservationRecords(),
                        persistence.seatSales()),
                ConcertPersistence.transactions(transactions), clock,
                new ConcertServices.Rules(defaultLimits, new HoldPolicy(settings.holdDuration()),
                        settings.availabilityCache(), settings.sweepBatchSize()));
    }

    /**
     * The module over schema {@code concert}: {@code transactions} bounds the module's own transactions (creating a
     * concert); {@code timers} times out hold batches.
     */
    public static ConcertModule assemble(DatabaseClient db, TransactionalOperator transactions, Clock clock,
                                         Scheduler timers, Settings settings) {
        return new ConcertModule(Objects.requireNonNull(db), Objects.requireNonNull(transactions),
                Objects.requireNonNull(clock), Objects.requireNonNull(timers), Objects.requireNonNull(settings));
    }

    /** The routes, their use cases wrapped by {@code watch}. */
    public Routes routes(Watch watch) {
        ConcertRoutes routes = new ConcertRoutes(
                new ConcertRoutes.Concerts(services.listConcerts(), services.availableSchedules(), services.freeSeats(),
                        services.seatMap()),
                new ConcertRoutes.Reservations(watch.holds(services.holdSeat()), services.getReservation(),
                        watch.cancels(services.cancelReservation())),
                new ConcertRoutes.Admin(watch.concertCreation(services.createConcert()),
                        watch.fanLimitChanges(services.setFanLimits()), services.fanLimits()));
        return new Routes(routes.publicRoutes(), routes.gatedRoutes(), routes.adminRoutes());
    }

    // --- api ports ---------------------------------------------------------------------------------------------

    public ListConcertsQuery listConcerts() {
        return services.listConcerts();
    }

    /** Used by the queue before it opens a place in a concert's line. */
    public ConcertExistenceQuery concertExistence() {
        return services.concertExistence();
    }

    public CreateConcertUseCase createConcert() {
        return services.createConcert();
    }

    public SetFanLimitsUseCase setFanLimits() {
        return services.setFanLimits();
    }

    /** Used by payments to re-check the per-fan ticket limit. */
    public FanLimitsQuery fanLimits() {
        return services.fanLimits();
    }

    /** Used by payments to count a fan's tickets against the limit in force, under the fan's lock, after the sale. */
    public TicketLimitUseCase ticketLimit() {
        return services.ticketLimit();
    }

    public ListAvailableSchedulesQuery availableSchedules() {
        return services.availableSchedules();
    }

    public ListFreeSeatsQuery freeSeats() {
        return services.freeSeats();
    }

    public SeatMapQuery seatMap() {
        return services.seatMap();
    }

    public HoldSeatUseCase holdSeat() {
        return services.holdSeat();
    }

    public GetReservationQuery getReservation() {
        return services.getReservation();
    }

    /** Used by payments. */
    public LoadReservationQuery loadReservation() {
        return services.loadReservation();
    }

    /** A live hold proves admission when the waiting room lost its data (Redis restart). */
    public LiveHoldQuery liveHolds() {
        return services.liveHolds();
    }

    /** Used by payments inside their transaction. */
    public ConfirmReservationUseCase confirmReservation() {
        return services.confirmReservation();
    }

    /** Used by batched payments inside their transaction. */
    public ConfirmReservationsUseCase confirmReservations() {
        return services.confirmReservations();
    }

    public CancelReservationUseCase cancelReservation() {
        return services.cancelReservation();
    }

    /** Releases expired holds; the app runs it periodically. */
    public SweepExpiredHoldsUseCase sweepExpiredHolds() {
        return services.sweepExpiredHolds();
    }
}
