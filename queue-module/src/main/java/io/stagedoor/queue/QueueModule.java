package io.stagedoor.queue;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.stagedoor.queue.adapter.in.web.AdmissionGateFilter;
import io.stagedoor.queue.adapter.in.web.EventStreamSlots;
import io.stagedoor.queue.adapter.in.web.QueueHandler;
import io.stagedoor.queue.adapter.in.web.QueueRoutes;
import io.stagedoor.queue.adapter.in.web.RoomAdminHandler;
import io.stagedoor.queue.adapter.out.redis.RedisGuard;
import io.stagedoor.queue.adapter.out.redis.RedisStoreEpoch;
import io.stagedoor.queue.adapter.out.redis.RedisWaitingLine;
import io.stagedoor.queue.api.Admission;
import io.stagedoor.queue.api.AdmissionReports;
import io.stagedoor.queue.api.AdmitWaitersUseCase;
import io.stagedoor.queue.api.ConcertCatalog;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import io.stagedoor.queue.api.JoinQueueUseCase;
import io.stagedoor.queue.api.LostAdmissionQuery;
import io.stagedoor.queue.api.QueueStatusQuery;
import io.stagedoor.queue.api.RoomOverviewQuery;
import io.stagedoor.queue.api.TuneRoomUseCase;
import io.stagedoor.queue.api.UserDirectory;
import io.stagedoor.queue.api.ValidateActiveTokenQuery;
import io.stagedoor.queue.application.ActiveTokenService;
import io.stagedoor.queue.application.AdmissionService;
import io.stagedoor.queue.application.ExistenceCache;
import io.stagedoor.queue.application.JoinQueueService;
import io.stagedoor.queue.application.LostAdmissionService;
import io.stagedoor.queue.application.QueueRules;
import io.stagedoor.queue.application.QueueStatusService;
import io.stagedoor.queue.application.RecentAdmissions;
import io.stagedoor.queue.application.RoomAdminService;
import io.stagedoor.queue.application.RoomPictures;
import io.stagedoor.queue.application.TokenSeal;
import io.stagedoor.queue.application.TokenSecrets;
import io.stagedoor.queue.api.ConcertCatalog;
import io.stagedoor.queue.domain.RoomSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The queue module put together, in plain Java: per-concert waiting rooms in Redis, their routes (join, status,
 * events, operators'), the admission gate's filters, the admission rounds and the api ports other modules use
 * (validate an active token, expire a token, what a lost token named), from a Redis template, its own
 * {@link UserDirectory} and {@link ConcertCatalog} ports (the app bridges them to the account and concert modules), a
 * clock, a timer scheduler and {@link Settings}. bootstrap-app's QueueWiring builds it.
 *
 * <p>The module asks whether a user exists (for joins whose user is not already known to exist) and whether a
 * concert exists; positive answers are remembered in memory (neither is ever
 * deleted; at most {@value ExistenceCache#DEFAULT_MAX_IDS} ids each, the least useful dropped first); "unknown" is asked
 * again every time.
 */
public final class QueueModule {

    /**
     * A room's settings until an operator changes them (active capacity, admissions per minute, session, paused); how
     * long a waiter may stay silent before its place is given up; the admission tick; waiter buckets swept per round;
     * how Redis trouble is bounded (timeout per call; how long the breaker stays open, also the Retry-After); how long
     * the gate may let reads through on this instance's memory of a token's ACTIVE answer (zero: always ask Redis) and
     * for how many tokens; the key that seals queue tokens (the same on every instance); the most event streams one
     * instance holds.
     */
    public record Settings(int activeCapacity, int admissionsPerMinute, Duration session, boolean paused,
                           Duration abandonAfter, Duration tick, int sweepBuckets, Duration redisTimeout,
                           Duration breakerOpen, Duration gateCache, int gateCacheTokens, byte[] tokenKey,
                           int eventStreamsMax) {

        public Settings {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(abandonAfter, "abandonAfter");
            Objects.requireNonNull(tick, "tick");
            Objects.requireNonNull(redisTimeout, "redisTimeout");
            Objects.requireNonNull(breakerOpen, "breakerOpen");
            Objects.requireNonNull(gateCache, "gateCache");
            Objects.requireNonNull(tokenKey, "tokenKey");
        }

        RoomSettings roomDefaults() {
            return new RoomSettings(activeCapacity, admissionsPerMinute, Math.toIntExact(session.toSeconds()), paused);
        }
    }

    /**
     * What the app hears and wraps: every admission round (the queue meters), the status query behind the polls and
     * event streams (counting streams, ending them at shutdown), and operators' room changes (auditing).
     */
    public interface Watch {

        Watch NONE = new Watch() {
        };

        default AdmissionReports admissionReports() {
            return AdmissionReports.NONE;
        }

        default QueueStatusQuery statusStreams(QueueStatusQuery status) {
            return status;
        }

        default TuneRoomUseCase roomTuning(TuneRoomUseCase tune, RoomOverviewQuery rooms) {
            return tune;
        }
    }

    /**
     * The module's routes: joining (for the signed-in user, who is known to exist), the Queue-Token routes (status
     * poll and event stream) and the operators' room routes.
     */
    public record Routes(RouterFunction<ServerResponse> join, RouterFunction<ServerResponse> token,
                         RouterFunction<ServerResponse> admin) {
    }

    private final RedisGuard redisGuard;
    private final JoinQueueService join;
    private final QueueStatusService status;
    private final ActiveTokenService activeTokens;
    private final AdmissionService admission;
    private final RoomAdminService roomAdmin;
    private final LostAdmissionService lostAdmissions;
    private final EventStreamSlots eventStreams;
    private final Watch watch;

    private QueueModule(ReactiveStringRedisTemplate redis, UserDirectory users, ConcertCatalog concerts,
                        Clock clock, Scheduler timers, Settings settings, Watch watch) {
        QueueRules rules = new QueueRules(settings.roomDefaults(), settings.abandonAfter());
        TokenSeal seal = new TokenSeal(settings.tokenKey());
        this.redisGuard = RedisGuard.create("queue-redis", settings.redisTimeout(), settings.breakerOpen(), timers);
        // a join into an idle room (also: the first join after Redis restarted empty) registers it in queue:rooms at
        // once; a busy room is re-registered once per tick at most, so joins in between cost one round trip
        RedisWaitingLine line = new RedisWaitingLine(redis, redisGuard, settings.sweepBuckets(), settings.tick());
        // pictures older than three ticks (at least 2 s) answer nothing: the polls go to Redis again
        Duration pictureAge = settings.tick().multipliedBy(3);
        RoomPictures pictures = new RoomPictures(line, rules, clock,
                pictureAge.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : pictureAge);
        ConcertCatalog knownConcerts = ExistenceCache.concerts(concerts, ExistenceCache.DEFAULT_MAX_IDS);
        this.join = new JoinQueueService(ExistenceCache.users(users, ExistenceCache.DEFAULT_MAX_IDS),
                knownConcerts, line, new TokenSecrets(), rules, clock, seal);
        this.status = new QueueStatusService(line, rules, clock, seal, pictures);
        // reads through the gate may use a recent ACTIVE answer (at most gate-cache old); writes always ask Redis
        this.activeTokens = new ActiveTokenService(line, rules, clock,
                new RecentAdmissions(settings.gateCache(), settings.gateCacheTokens(), clock), seal);
        // every round it runs is reported and followed by a refresh of the room's picture
        this.admission = new AdmissionService(line, rules, clock, watch.admissionReports(), pictures);
        this.roomAdmin = new RoomAdminService(knownConcerts, line, rules, clock);
        this.lostAdmissions = new LostAdmissionService(new RedisStoreEpoch(redis, redisGuard), clock);
        this.eventStreams = new EventStreamSlots(settings.eventStreamsMax(), settings.breakerOpen());
        this.watch = watch;
    }

    public static QueueModule assemble(ReactiveStringRedisTemplate redis, UserDirectory users,
                                       ConcertCatalog concerts, Clock clock, Scheduler timers,
                                       Settings settings, Watch watch) {
        return new QueueModule(Objects.requireNonNull(redis), Objects.requireNonNull(users),
                Objects.requireNonNull(concerts), Objects.requireNonNull(clock), Objects.requireNonNull(timers),
                Objects.requireNonNull(settings), Objects.requireNonNull(watch));
    }

    public Routes routes() {
        QueueHandler handler = new QueueHandler(join, watch.statusStreams(status), eventStreams);
        return new Routes(QueueRoutes.joinRoutes(handler), QueueRoutes.tokenRoutes(handler),
                QueueRoutes.adminRoutes(new RoomAdminHandler(roomAdmin, roomAdmin, watch.roomTuning(roomAdmin, roomAdmin))));
    }

    /**
     * The admission gate's filter over {@code validation} (reads may use a recent ACTIVE answer, writes call
     * {@link ValidateActiveTokenQuery#validate}).
     */
    public static HandlerFilterFunction<ServerResponse, ServerResponse> gate(ValidateActiveTokenQuery validation) {
        return new AdmissionGateFilter(validation);
    }

    /** The gate's filter that lets writes, too, use this instance's recent ACTIVE answer. */
    public HandlerFilterFunction<ServerResponse, ServerResponse> gateTrustingRecentAnswerForWrites() {
        return AdmissionGateFilter.trustingRecentAnswerForWrites(activeTokens);
    }

    // --- api ports ---------------------------------------------------------------------------------------------

    public JoinQueueUseCase joinQueue() {
        return join;
    }

    public QueueStatusQuery queueStatus() {
        return status;
    }

    /** Used by the gate and by other modules; a port of its own, like {@link #expireToken()}. */
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

    /**
     * Used by payments: a paid admission's token ends. A port of its own (not the service that also validates), so the
     * app can export and wrap each port as a bean of exactly its type.
     */
    public ExpireTokenUseCase expireToken() {
        return activeTokens::expire;
    }

    /** What a token the waiting room no longer knows named, and since when Redis holds its data. */
    public LostAdmissionQuery lostAdmissions() {
        return lostAdmissions;
    }

    /** One admission round over every room; the app runs it every tick. */
    public AdmitWaitersUseCase admitWaiters() {
        return admission;
    }

    /** Re-marks Redis's data epoch, so a restart that lost the data is dated within the interval this runs at. */
    public Mono<Integer> markStoreEpoch() {
        return lostAdmissions.markEpoch();
    }

    /** The breaker in front of Redis (for its meters). */
    public CircuitBreaker redisBreaker() {
        return redisGuard.breaker();
    }
}
