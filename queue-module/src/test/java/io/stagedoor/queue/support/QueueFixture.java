package io.stagedoor.queue.support;

import io.stagedoor.queue.QueueModule;
import io.stagedoor.queue.QueueModuleParts;
import io.stagedoor.queue.adapter.out.redis.QueueRedis;
import io.stagedoor.queue.api.Admission;
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
 * The queue module as {@link QueueModule#assemble} composes it for one app instance, on a real Redis: users
 * 1..100,000 and concerts 1..100 exist, time is a {@link MutableClock}, the admission tick (so also the room index
 * refresh) is {@link #ROOM_INDEX_REFRESH} and the gate keeps no ACTIVE answers. Joins re-register a busy room at most
 * once per tick of that clock, so a test that leaves the clock alone sees each instance register a busy room once and
 * then rely on joins that find the room idle.
 *
 * <p>{@code join}, {@code tokens}, {@code admin} and the {@code memory*} services are the assembly's own (the
 * {@code memory*} ones share its memory of room pictures). {@code status} and {@code admission} are the same
 * assembly's services with its memory off ({@link QueueServices.Memory#NONE}: every poll asks Redis, rounds take no
 * pictures), built by {@link QueueModule}'s own {@code servicesOver} on the same line, so tests can judge what Redis
 * answers next to what the pictures answer.
 */
public final class QueueFixture {

    public static final long MAX_USER = 100_000;
    public static final long MAX_CONCERT = 100;
    public static final Duration ROOM_INDEX_REFRESH = Duration.ofSeconds(1);
    /** One key for every fixture, as every app instance shares one. */
    private static final byte[] TOKEN_KEY = "queue-fixture-token-key-of-32-characters".getBytes(StandardCharsets.UTF_8);
    private static final int SWEEP_BUCKETS = 10;
    private static final Duration BREAKER_OPEN = Duration.ofSeconds(5);

    public final MutableClock clock = new MutableClock(Instant.parse("2026-12-24T10:00:00Z"));
    public final QueueModule module;
    public final QueueRedis redis;
    public final WaitingLine line;
    public final JoinQueueUseCase join;
    public final QueueStatusQuery status;
    public final Tokens tokens;
    public final Rounds admission;
    public final Rooms admin;
    /** Answers from this instance's room pictures (three ticks' life), which {@link #memoryAdmission}'s rounds refresh. */
    public final QueueStatusQuery memoryStatus;
    public final Rounds memoryAdmission;

    public QueueFixture(ReactiveRedisConnectionFactory connectionFactory, RoomSettings defaults, Duration abandonAfter) {
        this(connectionFactory, defaults, abandonAfter, Duration.ofSeconds(2));
    }

    public QueueFixture(ReactiveRedisConnectionFactory connectionFactory, RoomSettings defaults, Duration abandonAfter,
            Duration redisTimeout) {
        UserDirectory users = userId -> Mono.just(userId <= MAX_USER);
        ConcertCatalog concerts = concertId -> Mono.just(concertId <= MAX_CONCERT);
        QueueModule.Settings settings = new QueueModule.Settings(defaults.activeCapacity(),
                defaults.admissionsPerMinute(), Duration.ofSeconds(defaults.sessionSeconds()), defaults.paused(),
                abandonAfter, ROOM_INDEX_REFRESH, SWEEP_BUCKETS, redisTimeout, BREAKER_OPEN, Duration.ZERO, 1,
                TOKEN_KEY, 10_000);
        this.module = QueueModule.assemble(new ReactiveStringRedisTemplate(connectionFactory), users, concerts, clock,
                Schedulers.parallel(), settings, QueueModule.Watch.NONE);
        this.redis = QueueModuleParts.redis(module);
        this.line = QueueModuleParts.line(module);
        QueueServices assembled = QueueModuleParts.services(module);
        QueueServices plain = servicesOver(line, QueueServices.Memory.NONE);
        this.join = module.joinQueue();
        this.status = plain.queueStatus();
        this.tokens = new Tokens(module.validateActiveToken(), module.expireToken());
        this.admission = Rounds.of(plain);
        this.admin = new Rooms(assembled.roomOverview(), assembled.tuneRoom());
        this.memoryStatus = module.queueStatus();
        this.memoryAdmission = Rounds.of(assembled);
    }

    /**
     * Services over {@code line} (e.g. a line whose calls a test steers) with {@code memory}, composed by this
     * fixture's {@link QueueModule} as it composes its own: another instance on this clock.
     */
    public QueueServices servicesOver(WaitingLine line, QueueServices.Memory memory) {
        return QueueModuleParts.servicesOver(module, line, memory);
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
