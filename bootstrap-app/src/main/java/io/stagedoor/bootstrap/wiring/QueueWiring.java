package io.stagedoor.bootstrap.wiring;

import io.stagedoor.bootstrap.observability.EventStreamMeters;
import io.stagedoor.bootstrap.observability.OperatorAudit;
import io.stagedoor.bootstrap.observability.QueueMeters;
import io.stagedoor.bootstrap.web.QueueTokenRoutes;
import io.stagedoor.bootstrap.web.UserRoutes;
import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.bootstrap.web.AdminRoutes;
import io.stagedoor.bootstrap.web.AdmissionGate;
import io.stagedoor.concert.api.ConcertExistenceQuery;
import io.stagedoor.concert.api.LiveHoldQuery;
import io.stagedoor.bootstrap.scheduling.PeriodicTask;
import io.stagedoor.queue.adapter.in.web.AdmissionGateFilter;
import io.stagedoor.queue.adapter.in.web.EventStreamSlots;
import io.stagedoor.queue.adapter.in.web.QueueHandler;
import io.stagedoor.queue.adapter.in.web.QueueRoutes;
import io.stagedoor.queue.adapter.in.web.RoomAdminHandler;
import io.stagedoor.queue.adapter.out.redis.RedisGuard;
import io.stagedoor.queue.adapter.out.redis.RedisStoreEpoch;
import io.stagedoor.queue.adapter.out.redis.RedisWaitingLine;
import io.stagedoor.queue.api.LostAdmissionQuery;
import io.stagedoor.queue.api.ValidateActiveTokenQuery;
import io.stagedoor.queue.application.ActiveTokenService;
import io.stagedoor.queue.application.AdmissionService;
import io.stagedoor.queue.application.LostAdmissionService;
import io.stagedoor.queue.application.ExistenceCache;
import io.stagedoor.queue.application.JoinQueueService;
import io.stagedoor.queue.application.QueueRules;
import io.stagedoor.queue.application.QueueStatusService;
import io.stagedoor.queue.application.RecentAdmissions;
import io.stagedoor.queue.application.RoomAdminService;
import io.stagedoor.queue.application.RoomPictures;
import io.stagedoor.queue.application.TokenSeal;
import io.stagedoor.queue.application.TokenSecrets;
import io.stagedoor.queue.application.port.out.ConcertCatalog;
import io.stagedoor.queue.application.port.out.UserDirectory;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.bootstrap.performance.WheelTimerScheduler;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * The queue module: per-concert waiting rooms in Redis, their public routes (join, status, events), the operators'
 * routes, the admission gate in front of every gated route, the admission ticker (runs on every instance), and the
 * api ports other modules use (validate an active token, expire a token).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueueWiring.QueueSettings.class)
public class QueueWiring {

    /**
     * {@code stagedoor.queue.*} (env STAGEDOOR_QUEUE_...): a room's settings until an operator changes them
     * (ACTIVE_CAPACITY, ADMISSIONS_PER_MINUTE, SESSION, PAUSED), how long a waiter may stay silent before its place is
     * given up (ABANDON_AFTER), the admission tick (TICK), waiter buckets swept per round (SWEEP_BUCKETS), and how
     * Redis trouble is bounded (REDIS_TIMEOUT per call; BREAKER_OPEN = how long the breaker stays open, also the
     * Retry-After), and for how long the gate may let reads through on this instance's memory of a token's ACTIVE
     * answer (GATE_CACHE; 0 = always ask Redis; at most GATE_CACHE_TOKENS tokens remembered), the key that seals queue
     * tokens (TOKEN_KEY, the same on every instance) and the most event streams one instance holds (EVENT_STREAMS_MAX).
     */
    @ConfigurationProperties("stagedoor.queue")
    public record QueueSettings(
            @DefaultValue("1000") int activeCapacity,
            @DefaultValue("3000") int admissionsPerMinute,
            @DefaultValue("PT10M") Duration session,
            @DefaultValue("false") boolean paused,
            @DefaultValue("PT2M") Duration abandonAfter,
            @DefaultValue("PT1S") Duration tick,
            @DefaultValue("10") int sweepBuckets,
            @DefaultValue("PT1S") Duration redisTimeout,
            @DefaultValue("PT5S") Duration breakerOpen,
            @DefaultValue("PT1S") Duration gateCache,
            @DefaultValue("100000") int gateCacheTokens,
            String tokenKey,
            @DefaultValue("10000") int eventStreamsMax) {

        RoomSettings roomDefaults() {
            return new RoomSettings(activeCapacity, admissionsPerMinute, Math.toIntExact(session.toSeconds()), paused);
        }
    }

    @Bean
    QueueRules queueRules(QueueSettings settings) {
        return new QueueRules(settings.roomDefaults(), settings.abandonAfter());
    }

    @Bean
    TokenSecrets queueTokenSecrets() {
        return new TokenSecrets();
    }

    /**
     * The key that seals queue tokens, the same on every instance: {@code stagedoor.queue.token-key} (at least 32
     * characters); without it, one derived from the access-token signing key (which every instance shares already);
     * without either, on embedded servers only, a key for this process (with a warning); otherwise the app refuses to
     * start, because tokens sealed by one instance would be refused by the others.
     */
    @Bean
    TokenSeal queueTokenSeal(QueueSettings settings,
                             @Value("${stagedoor.identity.signing-key:}") String signingKey,
                             @Value("${stagedoor.embedded.started-postgres:false}") boolean embeddedPostgres) {
        return new TokenSeal(QueueTokenKey.choose(settings.tokenKey(), signingKey, embeddedPostgres));
    }

    /** Pictures older than three ticks (at least 2 s) answer nothing: the polls go to Redis again. */
    @Bean
    RoomPictures queueRoomPictures(RedisWaitingLine queueWaitingLine, QueueRules queueRules, Clock clock,
                                   QueueSettings settings) {
        Duration maxAge = settings.tick().multipliedBy(3);
        return new RoomPictures(queueWaitingLine, queueRules, clock,
                maxAge.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : maxAge);
    }

    @Bean
    RedisGuard queueRedisGuard(QueueSettings settings, WheelTimerScheduler requestTimers) {
        return RedisGuard.create("queue-redis", settings.redisTimeout(), settings.breakerOpen(), requestTimers);
    }

    @Bean
    RedisWaitingLine queueWaitingLine(ReactiveStringRedisTemplate redisTemplate, RedisGuard queueRedisGuard,
                                      QueueSettings settings) {
        // a join into an idle room (also: the first join after Redis restarted empty) registers it in queue:rooms at
        // once; a busy room is re-registered once per tick at most, so joins in between cost one round trip
        return new RedisWaitingLine(redisTemplate, queueRedisGuard, settings.sweepBuckets(), settings.tick());
    }

    /**
     * The queue asks the account module whether a user exists, for joins whose user is not already known to exist
     * (a signed-in user's join skips the question). Positive answers are remembered in memory (users are never deleted;
     * at most {@value ExistenceCache#DEFAULT_MAX_IDS} ids); "unknown" is asked again every time.
     */
    @Bean
    UserDirectory queueUserDirectory(UserExistenceQuery users) {
        return ExistenceCache.users(users::exists, ExistenceCache.DEFAULT_MAX_IDS);
    }

    /**
     * The queue asks the concert module whether a concert exists before opening a place in its line; positive
     * answers are remembered like the users' (concerts are never deleted).
     */
    @Bean
    ConcertCatalog queueConcertCatalog(ConcertExistenceQuery concerts) {
        return ExistenceCache.concerts(concerts::exists, ExistenceCache.DEFAULT_MAX_IDS);
    }

    @Bean
    JoinQueueService joinQueueUseCase(UserDirectory queueUserDirectory, ConcertCatalog queueConcertCatalog,
                                      RedisWaitingLine queueWaitingLine, TokenSecrets queueTokenSecrets,
                                      QueueRules queueRules, Clock clock, TokenSeal queueTokenSeal) {
        return new JoinQueueService(queueUserDirectory, queueConcertCatalog, queueWaitingLine, queueTokenSecrets,
                queueRules, clock, queueTokenSeal);
    }

    @Bean
    QueueStatusService queueStatusQuery(RedisWaitingLine queueWaitingLine, QueueRules queueRules, Clock clock,
                                        TokenSeal queueTokenSeal, RoomPictures queueRoomPictures) {
        return new QueueStatusService(queueWaitingLine, queueRules, clock, queueTokenSeal, queueRoomPictures);
    }

    /**
     * {@code ValidateActiveTokenQuery} (the gate, other modules) and {@code ExpireTokenUseCase} (payment). Reads through
     * the gate may use a recent ACTIVE answer (at most {@code gate-cache} old); writes always ask Redis.
     */
    @Bean
    ActiveTokenService activeTokenService(RedisWaitingLine queueWaitingLine, QueueRules queueRules, Clock clock,
                                          QueueSettings settings, TokenSeal queueTokenSeal) {
        return new ActiveTokenService(queueWaitingLine, queueRules, clock,
                new RecentAdmissions(settings.gateCache(), settings.gateCacheTokens(), clock), queueTokenSeal);
    }

    /**
     * Every round it runs feeds the queue meters (waiting, active, admitted, abandoned per concert) and is followed by a
     * refresh of the room's picture.
     */
    @Bean
    AdmissionService queueAdmissionService(RedisWaitingLine queueWaitingLine, QueueRules queueRules, Clock clock,
                                           QueueMeters queueMeters, RoomPictures queueRoomPictures) {
        return new AdmissionService(queueWaitingLine, queueRules, clock, queueMeters, queueRoomPictures);
    }

    @Bean
    RoomAdminService queueRoomAdminService(ConcertCatalog queueConcertCatalog, RedisWaitingLine queueWaitingLine,
                                           QueueRules queueRules, Clock clock) {
        return new RoomAdminService(queueConcertCatalog, queueWaitingLine, queueRules, clock);
    }

    /** Admission rounds on this instance, started and stopped with the application context. */
    @Bean
    PeriodicTask queueAdmissionRounds(AdmissionService queueAdmissionService, QueueSettings settings) {
        return new PeriodicTask("admission round", settings.tick(), queueAdmissionService::admitAll);
    }

    @Bean
    RedisStoreEpoch queueStoreEpoch(ReactiveStringRedisTemplate redisTemplate, RedisGuard queueRedisGuard) {
        return new RedisStoreEpoch(redisTemplate, queueRedisGuard);
    }

    /** LostAdmissionQuery: what a token the waiting room no longer knows named, and since when Redis holds its data. */
    @Bean
    LostAdmissionService queueLostAdmissionService(RedisStoreEpoch queueStoreEpoch, Clock clock) {
        return new LostAdmissionService(queueStoreEpoch, clock);
    }

    /** Re-marks Redis's data epoch every tick, so a restart that lost the data is dated within a tick. */
    @Bean
    PeriodicTask queueStoreEpochMarks(LostAdmissionService queueLostAdmissionService, QueueSettings settings) {
        return new PeriodicTask("waiting room epoch mark", settings.tick(), queueLostAdmissionService::markEpoch);
    }

    /**
     * Writes that ask Redis (payments) also admit a fan whose token Redis lost in a restart while they hold a live seat
     * of its concert (HoldProvesAdmission); reads, holds and cancels keep the plain check.
     */
    @Bean
    AdmissionGate admissionGate(ValidateActiveTokenQuery validateActiveTokenQuery, LostAdmissionQuery lostAdmissions,
                                LiveHoldQuery liveHolds, Clock clock) {
        return new AdmissionGate(
                new AdmissionGateFilter(new HoldProvesAdmission(validateActiveTokenQuery, lostAdmissions, liveHolds, clock)),
                AdmissionGateFilter.trustingRecentAnswerForWrites(validateActiveTokenQuery));
    }

    @Bean
    EventStreamsEndAtShutdown queueEventStreamsEndAtShutdown() {
        return new EventStreamsEndAtShutdown();
    }

    /** The event streams are counted around the status query that feeds them, and end when the app stops. */
    @Bean
    QueueHandler queueHandler(JoinQueueService joinQueueUseCase, QueueStatusService queueStatusQuery,
                              EventStreamMeters eventStreamMeters, EventStreamsEndAtShutdown queueEventStreamsEndAtShutdown,
                              QueueSettings settings) {
        return new QueueHandler(joinQueueUseCase,
                eventStreamMeters.counted(queueEventStreamsEndAtShutdown.endingAtShutdown(queueStatusQuery)),
                new EventStreamSlots(settings.eventStreamsMax(), settings.breakerOpen()));
    }

    /** Joining, for the signed-in user (who is known to exist, so a join costs no PostgreSQL round trip). */
    @Bean
    UserRoutes queueJoinRoutes(QueueHandler queueHandler) {
        return new UserRoutes(QueueRoutes.joinRoutes(queueHandler));
    }

    /** Status poll and event stream: the Queue-Token alone, outside the bearer check. */
    @Bean
    QueueTokenRoutes queueTokenRoutes(QueueHandler queueHandler) {
        return new QueueTokenRoutes(QueueRoutes.tokenRoutes(queueHandler));
    }

    /** Every settings change is an audit event. */
    @Bean
    AdminRoutes queueAdminRoutes(RoomAdminService queueRoomAdminService, OperatorAudit operatorAudit) {
        return new AdminRoutes(QueueRoutes.adminRoutes(new RoomAdminHandler(queueRoomAdminService,
                queueRoomAdminService, operatorAudit.audited(queueRoomAdminService, queueRoomAdminService))));
    }
}
