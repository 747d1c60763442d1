package io.stagedoor.queue;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.stagedoor.queue.adapter.in.web.QueueRoutes;
import io.stagedoor.queue.adapter.out.redis.QueueRedis;
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
import io.stagedoor.queue.application.QueueRules;
import io.stagedoor.queue.application.QueueServices;
import io.stagedoor.queue.application.port.out.WaitingLine;
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
 * deleted; at most 1,000,000 ids each, the least useful dropped first); "unknown" is asked
 * again every time.
 */
public final class QueueModule {

    private static final Duration MIN_PICTURE_AGE = Duration.ofSeconds(2);

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

    private final QueueRedis redis;
    private final WaitingLine line;
    private final UserDirectory users;
    private final ConcertCatalog concerts;
    private final QueueRules rules;
    private final Clock clock;
    private final QueueServices services;
    private final Settings settings;
    private final Watch watch;

    private QueueModule(ReactiveStringRedisTemplate template, UserDirectory users, ConcertCatalog concerts,
                        Clock clock, Scheduler timers, Settings settings, Watch watch) {
        this.redis = new QueueRedis(template, "queue-redis", settings.redisTimeout(), settings.breakerOpen(), timers);
        // a join into an idle room (also: the first join after Redis restarted empty) registers it in queue:rooms at
        // once; a busy room is re-registered once per tick at most, so joins in between cost one round trip
        this.line = redis.waitingLine(settings.sweepBuckets(), settings.tick());
        this.users = users;
        this.concerts = concerts;
        this.rules = new QueueRules(settings.roomDefaults(), settings.abandonAfter());
        this.clock = clock;
        this.settings = settings;
        this.watch = watch;
        // pictures older than three ticks (at least 2 s) answer nothing: the polls go to Redis again; reads through
        // the gate may use a recent ACTIVE answer (at most gate-cache old), writes always ask Redis
        Duration pictureAge = settings.tick().multipliedBy(3);
        this.services = servicesOver(line, new QueueServices.Memory(
                pictureAge.compareTo(MIN_PICTURE_AGE) < 0 ? MIN_PICTURE_AGE : pictureAge,
                settings.gateCache(), settings.gateCacheTokens()));
    }

    public static QueueModule assemble(ReactiveStringRedisTemplate redis, UserDirectory users,
                                       ConcertCatalog concerts, Clock clock, Scheduler timers,
                                       Settings settings, Watch watch) {
        return new QueueModule(Objects.requireNonNull(redis), Objects.requireNonNull(users),
                Objects.requireNonNull(concerts), Objects.requireNonNull(clock), Objects.requireNonNull(timers),
                Objects.requireNonNull(settings), Objects.requireNonNull(watch));
    }

    /** The routes of this instance; bootstrap asks once (the event streams' limit is counted per call). */
    public Routes routes() {
        RoomOverviewQuery overview = services.roomOverview();
        QueueRoutes routes = new QueueRoutes(services.joinQueue(), watch.statusStreams(services.queueStatus()),
                services.roomList(), overview, watch.roomTuning(services.tuneRoom(), overview),
                settings.eventStreamsMax(), settings.breakerOpen());
        return new Routes(routes.join(), routes.token(), routes.admin());
    }

    /**
     * The admission gate's filter over {@code validation} (reads may use a recent ACTIVE answer, writes call
     * {@link ValidateActiveTokenQuery#validate}).
     */
    public static HandlerFilterFunction<ServerResponse, ServerResponse> gate(ValidateActiveTokenQuery validation) {
        return QueueRoutes.gate(validation);
    }

    /** The gate's filter that lets writes, too, use this instance's recent ACTIVE answer. */
    public HandlerFilterFunction<ServerResponse, ServerResponse> gateTrustingRecentAnswerForWrites() {
        return QueueRoutes.gateTrustingRecentAnswerForWrites(services.validateActiveToken());
    }

    // --- api ports ---------------------------------------------------------------------------------------------

    public JoinQueueUseCase joinQueue() {
        return services.joinQueue();
    }

    public QueueStatusQuery queueStatus() {
        return services.queueStatus();
    }

    /** Used by the gate and by other modules; a port of its own, like {@link #expireToken()}. */
    public ValidateActiveTokenQuery validateActiveToken() {
        return services.validateActiveToken();
    }

    /**
     * Used by payments: a paid admission's token ends (a batch's tokens with one Redis call per room). A port of its
     * own (not the service that also validates), so the app can export and wrap each port as a bean of exactly its
     * type.
     */
    public ExpireTokenUseCase expireToken() {
        return services.expireToken();
    }

    /** What a token the waiting room no longer knows named, and since when Redis holds its data. */
    public LostAdmissionQuery lostAdmissions() {
        return services.lostAdmissions();
    }

    /** One admission round over every room; the app runs it every tick. */
    public AdmitWaitersUseCase admitWaiters() {
        return services.admitWaiters();
    }

    /** Re-marks Redis's data epoch, so a restart that lost the data is dated within the interval this runs at. */
    public Mono<Integer> markStoreEpoch() {
        return services.markStoreEpoch();
    }

    /** The breaker in front of Redis (for its meters). */
    public CircuitBreaker redisBreaker() {
        return redis.breaker();
    }

    // --- the module's own tests (QueueModuleParts, in this package of the test tree) ---------------------------

    /**
     * This assembly's services over another {@code line} and {@code memory}: everything else (who exists, the rules,
     * the token key, the clock, the admission reports) as this instance has it. The assembly builds its own services
     * through here too, so a test's second instance differs from the production one in the line and memory only.
     */
    QueueServices servicesOver(WaitingLine line, QueueServices.Memory memory) {
        return new QueueServices(new QueueServices.Ports(line, redis.storeEpoch(), users, concerts), rules,
                settings.tokenKey(), memory, clock, watch.admissionReports());
    }

    QueueServices services() {
        return services;
    }

    QueueRedis redis() {
        return redis;
    }

    WaitingLine line() {
        return line;
    }
}
