package io.stagedoor.bootstrap.performance;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.stagedoor.testsupport.Polling;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The pool warm-up at start, on real PostgreSQL connections, with the pool sizes of application.yaml. */
class ConnectionPoolWarmUpTest {

    private static final int INITIAL_SIZE = 10;
    private static final int MAX_SIZE = 20;
    private static final Duration CREATE_LIMIT = Duration.ofSeconds(1);
    /** Long enough that no opening times out even on a loaded machine (a timed-out one is retried: one more opened). */
    private static final Duration GENEROUS_CREATE_LIMIT = Duration.ofSeconds(20);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TestDatabase database;
    private SlowToOpen connections;
    private ConnectionPool pool;

    @BeforeEach
    void createPool() {
        database = TestDatabase.create();
        Map<String, String> spring = database.springProperties();
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(database.r2dbcUrl()).mutate()
                .option(ConnectionFactoryOptions.USER, spring.get("spring.r2dbc.username"))
                .option(ConnectionFactoryOptions.PASSWORD, spring.get("spring.r2dbc.password"))
                .build();
        connections = new SlowToOpen(ConnectionFactories.get(options), CREATE_LIMIT.multipliedBy(3));
    }

    private ConnectionPool pool(Duration createLimit) {
        pool = new ConnectionPool(ConnectionPoolConfiguration.builder(connections)
                .initialSize(INITIAL_SIZE)
                .maxSize(MAX_SIZE)
                .maxAcquireTime(Duration.ofSeconds(5))
                .maxCreateConnectionTime(createLimit)
                .build());
        return pool;
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.dispose();
        }
        database.close();
    }

    @Test
    void opensTheInitialConnections() throws InterruptedException {
        assertThat(new ConnectionPoolWarmUp(INITIAL_SIZE).open(pool(GENEROUS_CREATE_LIMIT))).isEqualTo(INITIAL_SIZE);

        // The pool's own lazy fill to its minimum starts with the first draw and may still be opening connections
        // when the warm-up returns; once it settles, every connection the pool counts is one it holds, and at least
        // the initial size stands ready.
        assertThat(Polling.within(TIMEOUT, Duration.ofMillis(50),
                () -> metrics().allocatedSize() == metrics().idleSize())).as("settled: %s", state()).isTrue();
        assertThat(metrics().idleSize()).as("%s", state()).isGreaterThanOrEqualTo(INITIAL_SIZE);
    }

    /**
     * Why: an opening that fails at start (on a loaded machine one can take longer than
     * {@code max-create-connection-time}) must not cost the pool its size for good. The pool's own warmup() kept the
     * permits of the openings under way when one failed: an instance started on a loaded machine could hold 11
     * connections of its 20 for its whole life, and after a database fail-over, with dead connections still held by
     * hung transactions, payments waited for a connection the pool would never open and answered 503.
     */
    @Test
    void openingsThatTimeOutAtStartCostThePoolNothingAfterwards() {
        connections.everySecondOpeningSlow(true);
        int opened = new ConnectionPoolWarmUp(INITIAL_SIZE).open(pool(CREATE_LIMIT));
        connections.everySecondOpeningSlow(false);
        assertThat(opened).isLessThan(INITIAL_SIZE);

        assertThat(drawAtOnce(MAX_SIZE)).as("connections drawn at once, pool %s", state()).isEqualTo(MAX_SIZE);
        assertThat(metrics().allocatedSize()).as("the pool's count of its connections, %s", state())
                .isEqualTo(metrics().idleSize());
    }

    /**
     * Draws {@code count} connections at once, holds them all, gives them back, and tells how many were drawn. A draw
     * whose opening timed out (a loaded machine) tries again: a pool that lost permits cannot open more however often
     * it is asked, a healthy one can.
     */
    private int drawAtOnce(int count) {
        List<Connection> drawn = Flux.range(0, count)
                .flatMap(i -> Mono.from(pool.create()).retry(5).onErrorResume(error -> Mono.empty()), count)
                .collectList()
                .block(TIMEOUT);
        Flux.fromIterable(drawn).flatMap(Connection::close).then().block(TIMEOUT);
        return drawn.size();
    }

    private PoolMetrics metrics() {
        return pool.getMetrics().orElseThrow();
    }

    private String state() {
        return "allocated " + metrics().allocatedSize() + ", idle " + metrics().idleSize() + ", acquired "
                + metrics().acquiredSize() + ", opened " + connections.opened.get();
    }

    /** Real connections; while slowness is on, every second one starts opening only after {@code delay}. */
    private static final class SlowToOpen implements ConnectionFactory {

        private final ConnectionFactory real;
        private final Duration delay;
        private final AtomicBoolean slow = new AtomicBoolean();
        private final AtomicInteger openings = new AtomicInteger();
        final AtomicInteger opened = new AtomicInteger();

        SlowToOpen(ConnectionFactory real, Duration delay) {
            this.real = real;
            this.delay = delay;
        }

        void everySecondOpeningSlow(boolean on) {
            slow.set(on);
        }

        @Override
        public Publisher<? extends Connection> create() {
            return Mono.defer(() -> {
                // waits before opening, so an opening given up on while it waits leaves no connection behind
                Duration wait = slow.get() && openings.incrementAndGet() % 2 == 0 ? delay : Duration.ZERO;
                return Mono.delay(wait).then(Mono.from(real.create())).doOnNext(connection -> opened.incrementAndGet());
            });
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return real.getMetadata();
        }
    }
}
