package io.stagedoor.queue.support;

import io.stagedoor.queue.adapter.out.redis.QueueRedis;
import io.stagedoor.queue.api.Admission;
import io.stagedoor.queue.api.AdmissionReports;
import io.stagedoor.queue.api.AdmissionRound;
import io.stagedoor.queue.api.AdmitWaitersUseCase;
import io.stagedoor.queue.api.ConcertCatalog;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import io.stagedoor.queue.api.JoinQueueUseCase;
import io.stagedoor.queue.api.QueueStatusQuery;
import io.stagedoor.queue.api.RoomOverview;
import io.stagedoor.queue.api.RoomOverviewQuery;
import io.stagedoor.queue.api.TuneRoomCommand;
import io.stagedoor.queue.api.TuneRoomUseCase;
import io.stagedoor.queue.api.UserDirectory;
import io.stagedoor.queue.api.ValidateActiveTokenQuery;
import io.stagedoor.queue.application.QueueRules;
import io.stagedoor.queue.application.QueueServices;
import io.stagedoor.queue.application.port.out.WaitingLine;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongFunction;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The queue module's services and Redis adapters, built by the module's own factories ({@link QueueServices},
 * {@link QueueRedis}) on a real Redis: users 1..100,000 and concerts 1..100 exist, time is a {@link MutableClock}.
 * Joins re-register a busy room at most once per {@link #ROOM_INDEX_REFRESH} of that clock, like the application at
 * its default tick, so a test that leaves the clock alone sees each instance register a busy room once and then rely
 * on joins that find the room idle. The plain services remember nothing (every poll and check asks Redis); the
 * {@code memory*} ones share one memory of room pictures, as the application's do.
 */
public final class QueueFixture {

    public static final long MAX_USER = 100_000;
    public static final long MAX_CONCERT = 100;
    public static final Duration ROOM_INDEX_REFRESH = Duration.ofSeconds(1);
    /** One key for every fixture, as every app instance shares one. */
    private static final byte[] TOKEN_KEY = "queue-fixture-token-key-of-32-characters".getBytes(StandardCharsets.UTF_8);
    private static final Duration PICTURE_AGE = Duration.ofSeconds(3);

    public final MutableClock clock = new MutableClock(Instant.parse("2026-12-24T10:00:00Z"));
    public final QueueRules rules;
    public final QueueRedis redis;
    public final WaitingLine line;
    public final JoinQueueUseCase join;
    public final QueueStatusQuery status;
    public final Tokens tokens;
    public final Rounds admission;
    public final Rooms admin;
    /** Answers from this instance's room pictures, which {@link #memoryAdmission}'s rounds refresh. */
    public final QueueStatusQuery memoryStatus;
    public final Rounds memoryAdmission;

    public QueueFixture(ReactiveRedisConnectionFactory connectionFactory, RoomSettings defaults, Duration abandonAfter) {
        this(connectionFactory, defaults, abandonAfter, Duration.ofSeconds(2));
    }

    public QueueFixture(ReactiveRedisConnectionFactory connectionFactory, RoomSettings defaults, Duration abandonAfter,
            Duration redisTimeout) {
        this.rules = new QueueRules(defaults, abandonAfter);
        this.redis = new QueueRedis(new ReactiveStringRedisTemplate(connectionFactory), "queue-test", redisTimeout,
                Duration.ofSeconds(5), Schedulers.parallel());
        this.line = redis.waitingLine(10, ROOM_INDEX_REFRESH);
        QueueServices plain = servicesOver(line, QueueServices.Memory.NONE);
        this.join = plain.joinQueue();
        this.status = plain.queueStatus();
        this.tokens = Tokens.of(plain);
        this.admission = Rounds.of(plain);
        this.admin = new Rooms(plain.roomOverview(), plain.tuneRoom());
        QueueServices memory = servicesOver(line, new QueueServices.Memory(PICTURE_AGE, Duration.ZERO, 1));
        this.memoryStatus = memory.queueStatus();
        this.memoryAdmission = Rounds.of(memory);
    }

    /** Another instance's services over {@code line} (e.g. a line whose calls a test steers), on this clock. */
    public QueueServices servicesOver(WaitingLine line, QueueServices.Memory memory) {
        UserDirectory users = userId -> Mono.just(userId <= MAX_USER);
        ConcertCatalog concerts = concertId -> Mono.just(concertId <= MAX_CONCERT);
        return new QueueServices(new QueueServices.Ports(line, redis.storeEpoch(), users, concerts), rules, TOKEN_KEY,
                memory, clock, AdmissionReports.NONE);
    }

    /** Admission rounds of another instance over {@code line}. */
    public AdmitWaitersUseCase admissionOver(WaitingLine line) {
        return servicesOver(line, QueueServices.Memory.NONE).admitWaiters();
    }

    /** The token checks and expiry of one instance, as one. */
    public record Tokens(ValidateActiveTokenQuery validation, ExpireTokenUseCase expiry) {

        public static Tokens of(QueueServices services) {
            return new Tokens(services.validateActiveToken(), services.expireToken());
        }

        public Mono<Admission> validate(String token) {
            return validation.validate(token);
        }

        public Mono<Admission> validateRecent(String token) {
            return validation.validateRecent(token);
        }

        public Mono<Void> expire(String token) {
            return expiry.expire(token);
        }

        public Mono<Void> expireAll(List<String> tokens) {
            return expiry.expireAll(tokens);
        }
    }

    /** The admission rounds of one instance: over every room, or of one room. */
    public record Rounds(AdmitWaitersUseCase all, LongFunction<Mono<AdmissionRound>> one) {

        static Rounds of(QueueServices services) {
            return new Rounds(services.admitWaiters(), services.roomRound());
        }

        public Mono<Integer> admitAll() {
            return all.admitAll();
        }

        public Mono<AdmissionRound> admit(long concertId) {
            return one.apply(concertId);
        }
    }

    /** The operators' view and tuning of rooms. */
    public record Rooms(RoomOverviewQuery overviews, TuneRoomUseCase tuning) {

        public Mono<RoomOverview> overview(long concertId) {
            return overviews.overview(concertId);
        }

        public Mono<RoomOverview> tune(TuneRoomCommand command) {
            return tuning.tune(command);
        }
    }
}
