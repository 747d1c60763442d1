package io.stagedoor.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.netty.channel.ConnectTimeoutException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import reactor.pool.PoolAcquireTimeoutException;
import reactor.pool.PoolShutdownException;

/**
 * Outages are told from bugs by type, wherever in the cause chain the telling type sits, including the Lettuce
 * errors seen while it reconnects ("Connection closed prematurely", a command rejected while disconnected) that
 * once answered 500.
 */
class DependencyOutagesTest {

    static Throwable[] outages() {
        return new Throwable[] {
                new DataAccessResourceFailureException("postgres gone"),
                new QueryTimeoutException("statement timeout"),
                new CannotAcquireLockException("lock_timeout"),
                new RedisConnectionFailureException("redis gone"),
                new CannotCreateTransactionException("no connection", new PoolAcquireTimeoutException(java.time.Duration.ofSeconds(3))),
                new R2dbcNonTransientResourceException("This connection has been closed"),
                new R2dbcTransientResourceException("too many clients"),
                new R2dbcTimeoutException("canceling statement due to statement timeout"),
                new RedisConnectionException("Connection closed prematurely"),
                new RedisSystemException("Error", new RedisException("Connection closed")),
                new RedisSystemException("Error", new RedisException("Currently not connected. Commands are rejected.")),
                new RedisCommandTimeoutException("Command timed out after 2 second(s)"),
                new RedisLoadingException("LOADING Redis is loading the dataset in memory"),
                new IllegalStateException("wrapped", new ConnectException("Connection refused")),
                new IOException("Connection reset by peer"),
                new ClosedChannelException(),
                new ConnectTimeoutException("connection timed out"),
                new TimeoutException("Did not observe any item within 3000ms"),
                new PoolShutdownException(),
        };
    }

    static Throwable[] bugs() {
        return new Throwable[] {
                new IllegalStateException("a bug"),
                new NullPointerException(),
                new DataIntegrityViolationException("constraint"),
                new DuplicateKeyException("duplicate"),
                new R2dbcBadGrammarException("syntax error"),
                new RedisSystemException("Error", new RedisCommandExecutionException("ERR user_script:1: bad")),
                new AssertionError("BlockHound: blocking call", new IOException("not the point")),
        };
    }

    @ParameterizedTest
    @MethodSource("outages")
    void aLostOrSlowDependencyIsAnOutage(Throwable error) {
        assertThat(DependencyOutages.isOutage(error)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("outages")
    void anOutageWrappedByAnotherLayerIsStillAnOutage(Throwable error) {
        assertThat(DependencyOutages.isOutage(new RuntimeException("outer", new RuntimeException("middle", error)))).isTrue();
    }

    @ParameterizedTest
    @MethodSource("bugs")
    void aBugIsNotAnOutage(Throwable error) {
        assertThat(DependencyOutages.isOutage(error)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void aCauseChainWithACycleEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertThat(DependencyOutages.isOutage(first)).isFalse();
    }
}
