package io.stagedoor.queue.application;

import io.stagedoor.queue.api.Admission;
import io.stagedoor.queue.api.AdmissionReports;
import io.stagedoor.queue.api.AdmissionRound;
import io.stagedoor.queue.api.AdmitWaitersUseCase;
import io.stagedoor.queue.api.ConcertCatalog;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import io.stagedoor.queue.api.JoinQueueUseCase;
import io.stagedoor.queue.api.LostAdmissionQuery;
import io.stagedoor.queue.api.QueueStatusQuery;
import io.stagedoor.queue.api.RoomListQuery;
import io.stagedoor.queue.api.RoomOverviewQuery;
import io.stagedoor.queue.api.TuneRoomUseCase;
import io.stagedoor.queue.api.UserDirectory;
import io.stagedoor.queue.api.ValidateActiveTokenQuery;
import io.stagedoor.queue.application.port.out.StoreEpoch;
import io.stagedoor.queue.application.port.out.WaitingLine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;
import reactor.core.publisher.Mono;

/**
 * The queue application's services, built for the module's assembly and handed out as api ports only; the services
 * behind them stay package-private. One instance is one app instance's view of the waiting rooms: its services share
 * one memory of room pictures, of recent ACTIVE answers and of ids known to exist.
 */
public final class QueueServices {

    /** The ports the services stand on: the waiting line and its data epoch, and who exists (other modules answer). */
    public record Ports(WaitingLine line, StoreEpoch epoch, UserDirectory users, ConcertCatalog concerts) {

        public Ports {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(epoch, "epoch");
            Objects.requireNonNull(users, "users");
            Objects.requireNonNull(concerts, "concerts");
        }
    }

    /**
     * What this instance remembers to spare Redis: pictures of its rooms up to {@code pictureAge} old (zero: none,
     * every poll asks Redis), and the gate's ACTIVE answers up to {@code gateCache} old for at most
     * {@code gateCacheTokens} tokens (zero age: none, every check asks Redis).
     */
    public record Memory(Duration pictureAge, Duration gateCache, int gateCacheTokens) {

        /** Nothing remembered: every poll and every check asks Redis. */
        public static final Memory NONE = new Memory(Duration.ZERO, Duration.ZERO, 1);

        public Memory {
            Objects.requireNonNull(pictureAge, "pictureAge");
            Objects.requireNonNull(gateCache, "gateCache");
        }
    }

    private final JoinQueueService join;
    private final QueueStatusService status;
    private final ActiveTokenService activeTokens;
    private final AdmissionService admission;
    private final RoomAdminService roomAdmin;
    private final LostAdmissionService lostAdmissions;

    /**
     * {@code tokenKey} seals every token handed out (the same key on every instance); {@code reports} hears of every
     * admission round.
     */
    public QueueServices(Ports ports, QueueRules rules, byte[] tokenKey, Memory memory, Clock clock,
                         AdmissionReports reports) {
        TokenSeal seal = new TokenSeal(tokenKey);
        WaitingLine line = ports.line();
        RoomPictures pictures = memory.pictureAge().isZero()
                ? RoomPictures.disabled(line, rules, clock)
                : new RoomPictures(line, rules, clock, memory.pictureAge());
        ConcertCatalog knownConcerts = ExistenceCache.concerts(ports.concerts(), ExistenceCache.DEFAULT_MAX_IDS);
        this.join = new JoinQueueService(ExistenceCache.users(ports.users(), ExistenceCache.DEFAULT_MAX_IDS),
                knownConcerts, line, new TokenSecrets(), rules, clock, seal);
        this.status = new QueueStatusService(line, rules, clock, seal, pictures);
        this.activeTokens = new ActiveTokenService(line, rules, clock,
                new RecentAdmissions(memory.gateCache(), memory.gateCacheTokens(), clock), seal);
        // every round is reported and followed by a refresh of the room's picture
        this.admission = new AdmissionService(line, rules, clock, reports, pictures);
        this.roomAdmin = new RoomAdminService(knownConcerts, line, rules, clock);
        this.lostAdmissions = new LostAdmissionService(ports.epoch(), clock);
    }

    public JoinQueueUseCase joinQueue() {
        return join;
    }

    public QueueStatusQuery queueStatus() {
        return status;
    }

    /** A port of its own (not the service that also expires), so the app can export each port as a bean of its type. */
    public ValidateActiveTokenQuery validateActiveToken() {
        return new ValidateActiveTokenQuery() {
            @Override
            public Mono<Admission> validate(String token) {
                return activeTokens.validate(token);
            }

            @Override
            public Mono<Admission> validateRecent(String token) {
                return activeTokens.validateRecent(token);
            }
        };
    }

    /** A port of its own, like {@link #validateActiveToken()}; a batch of tokens ends with one Redis call per room. */
    public ExpireTokenUseCase expireToken() {
        return new ExpireTokenUseCase() {
            @Override
            public Mono<Void> expire(String token) {
                return activeTokens.expire(token);
            }

            @Override
            public Mono<Void> expireAll(List<String> tokens) {
                return activeTokens.expireAll(tokens);
            }
        };
    }

    public AdmitWaitersUseCase admitWaiters() {
        return admission;
    }

    /**
     * One admission round of one room (it stays on the work list whatever the round finds): the step
     * {@link #admitWaiters()} takes for every room, for tests that judge one room's round.
     */
    public LongFunction<Mono<AdmissionRound>> roomRound() {
        return admission::admit;
    }

    public RoomListQuery roomList() {
        return roomAdmin;
    }

    public RoomOverviewQuery roomOverview() {
        return roomAdmin;
    }

    public TuneRoomUseCase tuneRoom() {
        return roomAdmin;
    }

    public LostAdmissionQuery lostAdmissions() {
        return lostAdmissions;
    }

    /** Re-marks the store's data epoch (emits 1), so a restart that lost the data is dated within its interval. */
    public Mono<Integer> markStoreEpoch() {
        return lostAdmissions.markEpoch();
    }
}
