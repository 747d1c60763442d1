package io.stagedoor.bootstrap.wiring;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.bootstrap.observability.EventStreamMeters;
import io.stagedoor.bootstrap.observability.OperatorAudit;
import io.stagedoor.bootstrap.observability.QueueMeters;
import io.stagedoor.bootstrap.performance.WheelTimerScheduler;
import io.stagedoor.bootstrap.scheduling.PeriodicTask;
import io.stagedoor.bootstrap.security.SigningKeys;
import io.stagedoor.bootstrap.web.AdminRoutes;
import io.stagedoor.bootstrap.web.AdmissionGate;
import io.stagedoor.bootstrap.web.QueueTokenRoutes;
import io.stagedoor.bootstrap.web.UserRoutes;
import io.stagedoor.concert.api.ConcertExistenceQuery;
import io.stagedoor.concert.api.LiveHoldQuery;
import io.stagedoor.queue.QueueModule;
import io.stagedoor.queue.api.AdmissionReports;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import io.stagedoor.queue.api.LostAdmissionQuery;
import io.stagedoor.queue.api.QueueStatusQuery;
import io.stagedoor.queue.api.RoomOverviewQuery;
import io.stagedoor.queue.api.TuneRoomUseCase;
import io.stagedoor.queue.api.ValidateActiveTokenQuery;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Exports the queue module ({@link QueueModule}: per-concert waiting rooms in Redis): reads its settings and the key
 * that seals queue tokens, bridges its user and concert look-ups to the account and concert modules, exports its
 * routes (join, status, events, operators'), the admission gate in front of every gated route, the api ports other
 * modules use (validate an active token, expire a token), and runs the admission rounds and Redis epoch marks on
 * every instance.
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
    }

    /**
     * The key that seals queue tokens, the same on every instance: {@code stagedoor.queue.token-key} (at least 32
     * characters); without it, one derived from the access-token signing key (which every instance shares already);
     * without either, on embedded servers only, a key for this process (with a warning); otherwise the app refuses to
     * start, because tokens sealed by one instance would be refused by the others.
     *
     * <p>Every round the module runs feeds the queue meters (waiting, active, admitted, abandoned per concert); the
     * event streams are counted around the status query that feeds them and end when the app stops; every room
     * settings change is an audit event.
     */
    @Bean
    QueueModule queueModule(ReactiveStringRedisTemplate redisTemplate, UserExistenceQuery users,
                            ConcertExistenceQuery concerts, Clock clock, WheelTimerScheduler requestTimers,
                            QueueSettings settings, QueueMeters queueMeters, EventStreamMeters eventStreamMeters,
                            EventStreamsEndAtShutdown queueEventStreamsEndAtShutdown, OperatorAudit operatorAudit,
                            @Value("${stagedoor.identity.signing-key:}") String signingKey,
                            @Value("${stagedoor.embedded.started-postgres:false}") boolean embeddedPostgres,
                            ObjectProvider<SigningKeys> validatedSigningKeys) {
        // the built-in issuer's keys are validated first (there are none with an external issuer), so a start with
        // real servers and no signing key is refused for the signing key, not for the queue token key derived from it
        validatedSigningKeys.getIfAvailable();
        byte[] tokenKey = QueueTokenKey.choose(settings.tokenKey(), signingKey, embeddedPostgres);
        return QueueModule.assemble(redisTemplate, users::exists, concerts::exists, clock, requestTimers,
                new QueueModule.Settings(settings.activeCapacity(), settings.admissionsPerMinute(), settings.session(),
                        settings.paused(), settings.abandonAfter(), settings.tick(), settings.sweepBuckets(),
                        settings.redisTimeout(), settings.breakerOpen(), settings.gateCache(), settings.gateCacheTokens(),
                        tokenKey, settings.eventStreamsMax()),
                new QueueModule.Watch() {
                    @Override
                    public AdmissionReports admissionReports() {
                        return queueMeters;
                    }

                    @Override
                    public QueueStatusQuery statusStreams(QueueStatusQuery status) {
                        return eventStreamMeters.counted(queueEventStreamsEndAtShutdown.endingAtShutdown(status));
                    }

                    @Override
                    public TuneRoomUseCase roomTuning(TuneRoomUseCase tune, RoomOverviewQuery rooms) {
                        return operatorAudit.audited(tune, rooms);
                    }
                });
    }

    /** The gate and other modules. Reads through the gate may use a recent ACTIVE answer; writes always ask Redis. */
    @Bean
    ValidateActiveTokenQuery validateActiveTokenQuery(QueueModule queueModule) {
        return queueModule.validateActiveToken();
    }

    /** Payments end the paid admission's token. */
    @Bean
    ExpireTokenUseCase expireTokenUseCase(QueueModule queueModule) {
        return queueModule.expireToken();
    }

    @Bean
    LostAdmissionQuery lostAdmissionQuery(QueueModule queueModule) {
        return queueModule.lostAdmissions();
    }

    /** The breaker in front of Redis, for resilience4j's meters. */
    @Bean
    CircuitBreaker queueRedisBreaker(QueueModule queueModule) {
        return queueModule.redisBreaker();
    }

    /** Admission rounds on this instance, started and stopped with the application context. */
    @Bean
    PeriodicTask queueAdmissionRounds(QueueModule queueModule, QueueSettings settings) {
        return new PeriodicTask("admission round", settings.tick(), queueModule.admitWaiters()::admitAll);
    }

    /** Re-marks Redis's data epoch every tick, so a restart that lost the data is dated within a tick. */
    @Bean
    PeriodicTask queueStoreEpochMarks(QueueModule queueModule, QueueSettings settings) {
        return new PeriodicTask("waiting room epoch mark", settings.tick(), queueModule::markStoreEpoch);
    }

    /**
     * Writes that ask Redis (payments) also admit a fan whose token Redis lost in a restart while they hold a live seat
     * of its concert (HoldProvesAdmission); reads, holds and cancels keep the plain check.
     */
    @Bean
    AdmissionGate admissionGate(QueueModule queueModule, ValidateActiveTokenQuery validateActiveTokenQuery,
                                LostAdmissionQuery lostAdmissions, LiveHoldQuery liveHolds, Clock clock) {
        return new AdmissionGate(
                QueueModule.gate(new HoldProvesAdmission(validateActiveTokenQuery, lostAdmissions, liveHolds, clock)),
                queueModule.gateTrustingRecentAnswerForWrites());
    }

    @Bean
    EventStreamsEndAtShutdown queueEventStreamsEndAtShutdown() {
        return new EventStreamsEndAtShutdown();
    }

    @Bean
    QueueModule.Routes queueRoutes(QueueModule queueModule) {
        return queueModule.routes();
    }

    /** Joining, for the signed-in user (who is known to exist, so a join costs no PostgreSQL round trip). */
    @Bean
    UserRoutes queueJoinRoutes(QueueModule.Routes queueRoutes) {
        return new UserRoutes(queueRoutes.join());
    }

    /** Status poll and event stream: the Queue-Token alone, outside the bearer check. */
    @Bean
    QueueTokenRoutes queueTokenRoutes(QueueModule.Routes queueRoutes) {
        return new QueueTokenRoutes(queueRoutes.token());
    }

    /** Operators' room routes. */
    @Bean
    AdminRoutes queueAdminRoutes(QueueModule.Routes queueRoutes) {
        return new AdminRoutes(queueRoutes.admin());
    }
}
