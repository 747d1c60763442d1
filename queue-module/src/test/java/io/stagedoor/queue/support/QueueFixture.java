package io.stagedoor.queue.support;


import io.stagedoor.queue.adapter.out.redis.RedisGuard;
import io.stagedoor.queue.adapter.out.redis.RedisWaitingLine;
import io.stagedoor.queue.application.ActiveTokenService;
import io.stagedoor.queue.application.AdmissionService;
import io.stagedoor.queue.application.JoinQueueService;
import io.stagedoor.queue.application.QueueRules;
import io.stagedoor.queue.application.QueueStatusService;
import io.stagedoor.queue.application.RoomAdminService;
import io.stagedoor.queue.application.RoomPictures;
import io.stagedoor.queue.application.TokenSeal;
import io.stagedoor.queue.application.TokenSecrets;
import io.stagedoor.queue.api.ConcertCatalog;
import io.stagedoor.queue.api.UserDirectory;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.scheduler.Schedulers;

/**
 * The queue module assembled the way the application wires it, on a real Redis: users 1..100,000 and concerts
 * 1..100 exist, time is a {@link MutableClock}. Joins re-register a busy room at most once per
 * {@link #ROOM_INDEX_REFRESH} of that clock, like the application at its default tick, so a test that leaves the
 * clock alone sees each instance register a busy room once and then rely on joins that find the room idle.
 */
public final class QueueFixture {

    public static final long MAX_USER = 100_000;
    public static final long MAX_CONCERT = 100;
    public static final TokenSecrets SECRETS = new TokenSecrets();
    public static final Duration ROOM_INDEX_REFRESH = Duration.ofSeconds(1);
    /** One key for every fixture, as every app instance shares one. */
    public static final TokenSeal SEAL = new TokenSeal("queue-fixture-token-key-of-32-characters".getBytes());

    public final MutableClock clock = new MutableClock(Instant.parse("2026-12-24T10:00:00Z"));
    public final QueueRules rules;
    public final RedisWaitingLine line;
    public final RedisGuard guard;
    public final JoinQueueService join;
    public final QueueStatusService status;
    public final ActiveTokenService tokens;
    public final AdmissionService admission;
    public final RoomAdminService admin;
    /** This instance's room pictures, refreshed by {@link #memoryAdmission}'s rounds and read by {@link #memoryStatus}. */
    public final RoomPictures pictures;
    public final QueueStatusService memoryStatus;
    public final AdmissionService memoryAdmission;

    public QueueFixture(ReactiveRedisConnectionFactory connectionFactory, RoomSettings defaults, Duration abandonAfter) {
        this(connectionFactory, defaults, abandonAfter, Duration.ofSeconds(2));
    }

    public QueueFixture(ReactiveRedisConnectionFactory connectionFactory, RoomSettings defaults, Duration abandonAfter,
            Duration redisTimeout) {
        UserDirectory users = userId -> reactor.core.publisher.Mono.just(userId <= MAX_USER);
        ConcertCatalog concerts = concertId -> reactor.core.publisher.Mono.just(concertId <= MAX_CONCERT);
        this.rules = new QueueRules(defaults, abandonAfter);
        this.guard = RedisGuard.create("queue-test", redisTimeout, Duration.ofSeconds(5), Schedulers.parallel());
        this.line = new RedisWaitingLine(new ReactiveStringRedisTemplate(connectionFactory), guard, 10,
                ROOM_INDEX_REFRESH);
        this.join = new JoinQueueService(users, concerts, line, SECRETS, rules, clock, SEAL);
        this.status = new QueueStatusService(line, rules, clock, SEAL, RoomPictures.disabled(line, rules, clock));
        this.tokens = new ActiveTokenService(line, rules, clock, SEAL);
        this.pictures = new RoomPictures(line, rules, clock, Duration.ofSeconds(3));
        this.memoryStatus = new QueueStatusService(line, rules, clock, SEAL, pictures);
        this.memoryAdmission = new AdmissionService(line, rules, clock,
                io.stagedoor.queue.api.AdmissionReports.NONE, pictures);
        this.admission = new AdmissionService(line, rules, clock);
        this.admin = new RoomAdminService(concerts, line, rules, clock);
    }
}
