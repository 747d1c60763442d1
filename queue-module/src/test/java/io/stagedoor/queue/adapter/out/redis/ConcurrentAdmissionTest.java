package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.support.QueueFixture;
import io.stagedoor.testsupport.FreshRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Invariant 6: many admitters at once — threads within one instance and two separately built instances with their own
 * Lettuce connection factories — never hold more actives than the capacity and admit in arrival order.
 */
class ConcurrentAdmissionTest {

    private static final int CAPACITY = 10;
    private static final int WAITERS = 300;

    @RegisterExtension
    static final FreshRedis redis = new FreshRedis();

    @Test
    void admittersOnTwoInstancesAndManyThreadsNeverExceedCapacityAndAdmitInArrivalOrder() throws Exception {
        RoomSettings defaults = new RoomSettings(CAPACITY, 1_000_000, 600, false);
        QueueFixture instanceA = new QueueFixture(redis.connectionFactory(), defaults, Duration.ofMinutes(2));
        QueueFixture instanceB = new QueueFixture(redis.anotherInstance(), defaults, Duration.ofMinutes(2));
        ReactiveStringRedisTemplate observer = redis.template();

        Map<Long, String> tokenByUser = new ConcurrentHashMap<>();
        for (long userId = 1; userId <= WAITERS; userId++) {
            QueueFixture via = userId % 2 == 0 ? instanceA : instanceB;
            tokenByUser.put(userId, via.join.join(new JoinQueueCommand(userId, 1)).block().status().token());
        }

        List<List<Long>> batches = new CopyOnWriteArrayList<>();
        AtomicInteger admitted = new AtomicInteger();
        AtomicLong maxActiveSeen = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        int admitters = 8;
        ExecutorService pool = Executors.newFixedThreadPool(admitters + 2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < admitters; i++) {
            QueueFixture instance = i % 2 == 0 ? instanceA : instanceB;
            workers.add(pool.submit(() -> {
                start.await();
                while (!done.get()) {
                    var round = instance.admission.admit(1).block(Duration.ofSeconds(10));
                    if (!round.admittedSequence().isEmpty()) {
                        batches.add(round.admittedSequence());
                        if (admitted.addAndGet(round.admitted()) >= WAITERS) {
                            done.set(true);
                        }
                    }
                }
                return null;
            }));
        }
        // the sampler: the active count, read while the admitters run
        workers.add(pool.submit(() -> {
            start.await();
            while (!done.get()) {
                Long active = observer.opsForZSet().size("queue:{1}:active").block();
                maxActiveSeen.accumulateAndGet(active, Math::max);
            }
            return null;
        }));
        // the users: admitted ones finish (as payment would) and free their place
        workers.add(pool.submit(() -> {
            start.await();
            while (!done.get()) {
                List<String> active = observer.opsForZSet().range("queue:{1}:active", org.springframework.data.domain.Range.closed(0L, -1L))
                        .collectList().block();
                for (String userId : active) {
                    instanceA.tokens.expire(tokenByUser.get(Long.parseLong(userId))).block();
                }
            }
            return null;
        }));
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(90, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(maxActiveSeen.get()).isBetween(1L, (long) CAPACITY);
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(WAITERS);
        List<List<Long>> ordered = new ArrayList<>(batches);
        ordered.sort(Comparator.comparing(batch -> batch.get(0)));
        List<Long> all = ordered.stream().flatMap(List::stream).toList();
        // every waiter admitted exactly once, each round a contiguous run of the line's front: arrival order
        assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(1, WAITERS).boxed().toList());
        for (List<Long> batch : batches) {
            assertThat(batch.size()).isLessThanOrEqualTo(CAPACITY);
            for (int i = 1; i < batch.size(); i++) {
                assertThat(batch.get(i)).isEqualTo(batch.get(i - 1) + 1);
            }
        }
        assertThat(observer.opsForZSet().size("queue:{1}:waiting").block()).isZero();
    }
}
