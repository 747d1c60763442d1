package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.AdmitWaitersUseCase;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.support.QueueFixture;
import io.stagedoor.queue.support.RetirementOverride;
import io.stagedoor.testsupport.FreshRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * No waiter is ever stranded off {@code queue:rooms}: joiners join and leave a few small rooms through two instances
 * (each with its own Lettuce connection factory) while both instances tick back to back and retire every room they
 * find idle, burst after burst. Whenever everything has settled, every room somebody waits in or holds a session of is
 * on the list, and the ticks alone then admit every waiter. Some retirements are slowed by up to a millisecond after
 * their idle round (as a busy event loop or a pause would), which widens the window a join has to slip into.
 */
class ConcurrentRoomRetirementTest {

    private static final int ROOMS = 3;
    private static final int BURSTS = 40;
    private static final Duration BURST = Duration.ofMillis(150);
    private static final int JOINERS = 6;
    private static final int TOKENS_PER_JOINER = 3;
    private static final long USERS_PER_JOINER = 10_000;

    @RegisterExtension
    static final FreshRedis redis = new FreshRedis();
    /** A place a joiner holds (waiting or admitted). */
    private record Held(long userId, long concertId, String token) {
    }

    @Test
    void joinersRacingRetirementsOnTwoInstancesNeverLeaveAnOccupiedRoomOffTheList() throws Exception {
        RoomSettings defaults = new RoomSettings(2, 1_000_000, 600, false);
        List<QueueFixture> instances = List.of(
                new QueueFixture(redis.connectionFactory(), defaults, Duration.ofMinutes(2)),
                new QueueFixture(redis.anotherInstance(), defaults, Duration.ofMinutes(2)));
        AtomicInteger retired = new AtomicInteger();
        List<AdmitWaitersUseCase> tickers = instances.stream().map(instance -> instance.admissionOver(
                new RetirementOverride(instance.line, concertId -> {
                    Mono<Boolean> retire = instance.line.retire(concertId).doOnNext(left -> {
                        if (left) {
                            retired.incrementAndGet();
                        }
                    });
                    int pauseMicros = ThreadLocalRandom.current().nextInt(-1000, 1000);
                    return pauseMicros <= 0 ? retire : Mono.delay(Duration.ofNanos(pauseMicros * 1000L)).then(retire);
                }))).toList();
        ReactiveStringRedisTemplate observer = redis.template();
        List<List<Held>> heldByJoiner = new ArrayList<>();
        for (int j = 0; j < JOINERS; j++) {
            heldByJoiner.add(new ArrayList<>());
        }
        ExecutorService pool = Executors.newFixedThreadPool(JOINERS + instances.size());
        long[] nextUser = new long[JOINERS];
        int retiredInBursts = 0;

        for (int burst = 1; burst <= BURSTS; burst++) {
            AtomicBoolean over = new AtomicBoolean();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int j = 0; j < JOINERS; j++) {
                int joiner = j;
                workers.add(pool.submit(() -> {
                    start.await();
                    List<Held> held = heldByJoiner.get(joiner);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (!over.get()) {
                        QueueFixture via = instances.get(random.nextInt(instances.size()));
                        if (held.isEmpty() || held.size() < TOKENS_PER_JOINER && random.nextBoolean()) {
                            long userId = joiner * USERS_PER_JOINER + 1 + nextUser[joiner]++ % USERS_PER_JOINER;
                            long concertId = 1 + random.nextInt(ROOMS);
                            String token = via.join.join(new JoinQueueCommand(userId, concertId)).block().status().token();
                            held.add(new Held(userId, concertId, token));
                        } else {
                            // leaving: a waiter gives up its place, or an admitted fan pays and ends its session
                            via.tokens.expire(held.remove(random.nextInt(held.size())).token()).block();
                        }
                    }
                    return null;
                }));
            }
            for (AdmitWaitersUseCase ticker : tickers) { // one ticker per instance: an instance's ticks never overlap
                workers.add(pool.submit(() -> {
                    start.await();
                    while (!over.get()) {
                        ticker.admitAll().block(Duration.ofSeconds(10));
                    }
                    return null;
                }));
            }
            start.countDown();
            Thread.sleep(BURST.toMillis());
            over.set(true);
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
            retiredInBursts += retired.getAndSet(0);

            for (long concertId = 1; concertId <= ROOMS; concertId++) {
                long people = observer.opsForZSet().size("queue:{" + concertId + "}:waiting").block()
                        + observer.opsForZSet().size("queue:{" + concertId + "}:active").block();
                if (people > 0) {
                    assertThat(observer.opsForSet().isMember(RoomKeys.ROOMS, Long.toString(concertId)).block())
                            .as("after burst %d, room %d holds %d people and must be on queue:rooms", burst, concertId,
                                    people)
                            .isTrue();
                }
            }
            admitEveryoneByTicksAlone(burst, instances, tickers, heldByJoiner);
        }
        pool.shutdown();

        assertThat(retiredInBursts).as("rooms retired while people came and went").isGreaterThan(BURSTS);
    }

    /**
     * Ticks both instances until every held place has been admitted (each admitted fan then pays, freeing the place
     * for the next), then checks that the next tick retires every room, now idle.
     */
    private static void admitEveryoneByTicksAlone(int burst, List<QueueFixture> instances,
            List<AdmitWaitersUseCase> tickers, List<List<Held>> heldByJoiner) {
        Map<String, Held> waiting = new HashMap<>();
        heldByJoiner.forEach(held -> held.forEach(place -> waiting.put(place.token(), place)));
        heldByJoiner.forEach(List::clear);
        QueueFixture reader = instances.get(0);
        for (int tick = 0; tick < 100 && !waiting.isEmpty(); tick++) {
            tickers.get(tick % tickers.size()).admitAll().block(Duration.ofSeconds(10));
            waiting.values().removeIf(place -> {
                boolean active = reader.status.status(place.token()).block().active();
                if (active) {
                    reader.tokens.expire(place.token()).block();
                }
                return active;
            });
        }
        assertThat(waiting.values()).as("after burst %d, places the ticks never admitted", burst).isEmpty();
        for (AdmitWaitersUseCase ticker : tickers) {
            ticker.admitAll().block(Duration.ofSeconds(10));
        }
        assertThat(redis.template().opsForSet().members(RoomKeys.ROOMS).collectList().block())
                .as("after burst %d, every room is idle and off the list", burst).isEmpty();
    }
}
