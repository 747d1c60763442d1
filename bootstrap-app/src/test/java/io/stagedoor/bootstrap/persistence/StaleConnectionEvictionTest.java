package io.stagedoor.bootstrap.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.stagedoor.testsupport.Polling;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.pool.PooledRefMetadata;

/** Which pooled connections the pool drops when it picks them, checked on real PostgreSQL connections. */
class StaleConnectionEvictionTest {

    private static final Duration NO_LIMIT = Duration.ofMillis(-1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static TestDatabase database;
    private Connection connection;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void connect() {
        Map<String, String> spring = database.springProperties();
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(database.r2dbcUrl()).mutate()
                .option(ConnectionFactoryOptions.USER, spring.get("spring.r2dbc.username"))
                .option(ConnectionFactoryOptions.PASSWORD, spring.get("spring.r2dbc.password"))
                .build();
        connection = Mono.from(ConnectionFactories.get(options).create()).block(TIMEOUT);
    }

    @AfterEach
    void disconnect() {
        Mono.from(connection.close()).onErrorComplete().block(TIMEOUT);
    }

    @Test
    void keepsAnOpenConnectionWithinItsLimits() {
        var eviction = new StaleConnectionEviction(Duration.ofMinutes(30), NO_LIMIT);

        assertThat(eviction.test(connection, metadata(1_000, 60_000))).isFalse();
    }

    @Test
    void dropsAConnectionWhoseServerProcessWasTerminated() throws InterruptedException {
        var eviction = new StaleConnectionEviction(Duration.ofMinutes(30), NO_LIMIT);
        int backend = Mono.from(connection.createStatement("SELECT pg_backend_pid() AS pid").execute())
                .flatMap(result -> Mono.from(result.map((row, meta) -> row.get("pid", Integer.class))))
                .block(TIMEOUT);

        database.execute("SELECT pg_terminate_backend(" + backend + ")");

        assertThat(Polling.within(TIMEOUT, Duration.ofMillis(10), () -> eviction.test(connection, metadata(0, 0)))).isTrue();
    }

    @Test
    void dropsAConnectionIdleForItsMaximumIdleTime() {
        var eviction = new StaleConnectionEviction(Duration.ofSeconds(30), NO_LIMIT);

        assertThat(eviction.test(connection, metadata(29_999, 29_999))).isFalse();
        assertThat(eviction.test(connection, metadata(30_000, 30_000))).isTrue();
    }

    @Test
    void dropsAConnectionOlderThanItsMaximumLifeTime() {
        var eviction = new StaleConnectionEviction(NO_LIMIT, Duration.ofMinutes(10));

        assertThat(eviction.test(connection, metadata(0, 599_999))).isFalse();
        assertThat(eviction.test(connection, metadata(0, 600_000))).isTrue();
    }

    @Test
    void aZeroLimitMeansAConnectionIsNeverReused() {
        assertThat(new StaleConnectionEviction(Duration.ZERO, NO_LIMIT).test(connection, metadata(0, 0))).isTrue();
        assertThat(new StaleConnectionEviction(NO_LIMIT, Duration.ZERO).test(connection, metadata(0, 0))).isTrue();
    }

    private static PooledRefMetadata metadata(long idleMillis, long lifeMillis) {
        return new PooledRefMetadata() {
            @Override
            public int acquireCount() {
                return 1;
            }

            @Override
            public long idleTime() {
                return idleMillis;
            }

            @Override
            public long lifeTime() {
                return lifeMillis;
            }

            @Override
            public long releaseTimestamp() {
                return 0;
            }

            @Override
            public long allocationTimestamp() {
                return 0;
            }
        };
    }
}
