package io.stagedoor.concert.application;

import io.stagedoor.concert.api.CancelReservationUseCase;
import io.stagedoor.concert.api.ConcertExistenceQuery;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.concert.api.CreateConcertUseCase;
import io.stagedoor.concert.api.FanLimitsQuery;
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
import io.stagedoor.concert.api.TicketLimitUseCase;
import io.stagedoor.concert.application.port.out.ConcertCatalog;
import io.stagedoor.concert.application.port.out.ConcertTransactions;
import io.stagedoor.concert.application.port.out.FanLimitSettings;
import io.stagedoor.concert.application.port.out.ReservationRecords;
import io.stagedoor.concert.application.port.out.SeatAvailability;
import io.stagedoor.concert.application.port.out.SeatHolds;
import io.stagedoor.concert.application.port.out.SeatSales;
import io.stagedoor.concert.domain.FanLimits;
import io.stagedoor.concert.domain.HoldPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The concert application's services, built for the module's assembly and handed out as api ports only; the services
 * behind them stay package-private. Availability is read through one short-lived cache, which holds and cancels evict.
 */
public final class ConcertServices {

    /** How many expired holds one sweep statement releases, unless the settings say otherwise. */
    public static final int DEFAULT_SWEEP_BATCH_SIZE = SweepExpiredHoldsService.DEFAULT_BATCH_SIZE;

    /**
     * The concert schema's ports: {@code holds} the single statements (confirm, cancel, sweep), {@code batchedHolds}
     * what a fan's hold goes through (micro-batched unless the batch size is 1).
     */
    public record Store(ConcertCatalog catalog, FanLimitSettings fanLimitSettings, SeatAvailability availability,
                        SeatHolds holds, SeatHolds batchedHolds, ReservationRecords records, SeatSales sales) {

        public Store {
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(fanLimitSettings, "fanLimitSettings");
            Objects.requireNonNull(availability, "availability");
            Objects.requireNonNull(holds, "holds");
            Objects.requireNonNull(batchedHolds, "batchedHolds");
            Objects.requireNonNull(records, "records");
            Objects.requireNonNull(sales, "sales");
        }
    }

    /** The fan limits of a concert that set none; how long a hold lasts; how old a cached availability may be. */
    public record Rules(FanLimits defaultLimits, HoldPolicy holdPolicy, Duration availabilityCache, int sweepBatchSize) {

        public Rules {
            Objects.requireNonNull(defaultLimits, "defaultLimits");
            Objects.requireNonNull(holdPolicy, "holdPolicy");
            Objects.requireNonNull(availabilityCache, "availabilityCache");
        }
    }

    private final ConcertCatalogService catalog;
    private final FanLimitsService fanLimits;
    private final AvailabilityService availability;
    private final SeatMapService seatMap;
    private final HoldSeatService holdSeat;
    private final ReservationLookupService lookup;
    private final LiveHoldService liveHolds;
    private final ConfirmReservationService confirm;
    private final ConfirmReservationsService confirmMany;
    private final CancelReservationService cancel;
    private final SweepExpiredHoldsService sweep;

    public ConcertServices(Store store, ConcertTransactions transactions, Clock clock, Rules rules) {
        CachedAvailability cachedAvailability = new CachedAvailability(store.availability(), rules.availabilityCache());
        this.catalog = new ConcertCatalogService(store.catalog(), transactions);
        this.fanLimits = new FanLimitsService(store.fanLimitSettings(), rules.defaultLimits());
        this.availability = new AvailabilityService(cachedAvailability, clock);
        this.seatMap = new SeatMapService(cachedAvailability, clock);
        this.holdSeat = new HoldSeatService(cachedAvailability.evictingOn(store.batchedHolds()), rules.holdPolicy(), clock);
        this.lookup = new ReservationLookupService(store.records(), clock);
        this.liveHolds = new LiveHoldService(store.records());
        this.confirm = new ConfirmReservationService(store.holds(), store.records(), clock);
        this.confirmMany = new ConfirmReservationsService(store.sales(), clock);
        this.cancel = new CancelReservationService(cachedAvailability.evictingOn(store.holds()), store.records(), clock);
        this.sweep = new SweepExpiredHoldsService(store.holds(), clock, rules.sweepBatchSize(),
                SweepExpiredHoldsService.DEFAULT_MAX_BATCHES);
    }

    public ListConcertsQuery listConcerts() {
        return catalog;
    }

    public ConcertExistenceQuery concertExistence() {
        return catalog;
    }

    public CreateConcertUseCase createConcert() {
        return catalog;
    }

    public SetFanLimitsUseCase setFanLimits() {
        return fanLimits;
    }

    public FanLimitsQuery fanLimits() {
        return fanLimits;
    }

    public TicketLimitUseCase ticketLimit() {
        return fanLimits;
    }

    public ListAvailableSchedulesQuery availableSchedules() {
        return availability;
    }

    public ListFreeSeatsQuery freeSeats() {
        return availability;
    }

    public SeatMapQuery seatMap() {
        return seatMap;
    }

    public HoldSeatUseCase holdSeat() {
        return holdSeat;
    }

    public GetReservationQuery getReservation() {
        return lookup;
    }

    public LoadReservationQuery loadReservation() {
        return lookup;
    }

    public LiveHoldQuery liveHolds() {
        return liveHolds;
    }

    public ConfirmReservationUseCase confirmReservation() {
        return confirm;
    }

    public ConfirmReservationsUseCase confirmReservations() {
        return confirmMany;
    }

    public CancelReservationUseCase cancelReservation() {
        return cancel;
    }

    public SweepExpiredHoldsUseCase sweepExpiredHolds() {
        return sweep;
    }
}
