package io.stagedoor.bootstrap.web;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import io.netty.channel.ChannelException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionTimedOutException;
import reactor.pool.PoolAcquirePendingLimitException;
import reactor.pool.PoolShutdownException;

/**
 * Whether a failure means PostgreSQL or Redis could not be reached or could not serve in time (answered 503 with
 * Retry-After) rather than a bug (answered 500). Decided by exception type anywhere in the cause chain, so a wrapper
 * added by a driver or by Spring (a {@code RedisSystemException} around a Lettuce error, a
 * {@code CannotCreateTransactionException} around a pool timeout) never hides the outage:
 * <ul>
 *   <li>Spring's translated families: {@link DataAccessResourceFailureException} (its Redis subtype
 *       {@code RedisConnectionFailureException} included), {@link TransientDataAccessException} (query timeouts, lock
 *       timeouts, serialization failures: all worth a retry), {@link CannotCreateTransactionException},
 *       {@link TransactionTimedOutException};</li>
 *   <li>R2DBC: {@link R2dbcNonTransientResourceException} (the PostgreSQL driver's "connection closed"),
 *       {@link R2dbcTransientResourceException}, {@link R2dbcTimeoutException} (a cancelled statement);</li>
 *   <li>Lettuce: every {@link RedisException} except a {@link RedisCommandExecutionException}, which is Redis
 *       answering with an error (a script bug), unless that answer says the server cannot serve right now
 *       ({@link RedisLoadingException} after a restart, {@link RedisBusyException}, {@link RedisReadOnlyException}
 *       during a fail-over). Lettuce reports a connection closed under a command, or a command rejected while it
 *       reconnects, as a plain {@code RedisException}: it has no narrower type for them;</li>
 *   <li>transport: {@link IOException} (connection refused or reset, closed channel), Netty's {@link ChannelException},
 *       {@link TimeoutException} (a Reactor {@code timeout()}, an r2dbc-pool acquire timeout), reactor-pool's
 *       {@link PoolAcquirePendingLimitException} (too many waiting for a connection) and
 *       {@link PoolShutdownException} while the app stops.</li>
 * </ul>
 * An {@link Error} is never an outage (BlockHound's blocking-call error is a bug).
 */
final class DependencyOutages {

    private DependencyOutages() {
    }

    static boolean isOutage(Throwable error) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = error; cause != null && seen.put(cause, Boolean.TRUE) == null; cause = cause.getCause()) {
            if (cause instanceof Error) {
                return false;
            }
            if (isOutageItself(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOutageItself(Throwable cause) {
        return cause instanceof DataAccessResourceFailureException
                || cause instanceof TransientDataAccessException
                || cause instanceof CannotCreateTransactionException
                || cause instanceof TransactionTimedOutException
                || cause instanceof R2dbcNonTransientResourceException
                || cause instanceof R2dbcTransientResourceException
                || cause instanceof R2dbcTimeoutException
                || isRedisUnavailable(cause)
                || cause instanceof IOException
                || cause instanceof ChannelException
                || cause instanceof TimeoutException
                || cause instanceof PoolAcquirePendingLimitException
                || cause instanceof PoolShutdownException;
    }

    private static boolean isRedisUnavailable(Throwable cause) {
        if (!(cause instanceof RedisException)) {
            return false;
        }
        return !(cause instanceof RedisCommandExecutionException) || cause instanceof RedisLoadingException
                || cause instanceof RedisBusyException || cause instanceof RedisReadOnlyException;
    }
}
