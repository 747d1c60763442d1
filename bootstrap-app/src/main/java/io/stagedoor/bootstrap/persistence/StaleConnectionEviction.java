package io.stagedoor.bootstrap.persistence;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import reactor.core.publisher.Mono;
import reactor.pool.PooledRefMetadata;

/**
 * Decides which pooled connections the pool drops instead of handing out: those idle or alive for longer than
 * allowed (r2dbc-pool's own rule, which this predicate replaces) and those whose server has gone.
 * <p>
 * Why the last one: r2dbc-pool validates a connection only after picking it, and a connection that fails
 * validation costs its borrower an attempt ({@code acquire-retry}, one retry by default). After a PostgreSQL
 * restart every connection the pool kept is dead, so a grown pool would fail requests well after the server is
 * back. Evicted here, a dead connection is skipped for the next idle one or a new one, at no cost to anyone.
 * <p>
 * "Gone" is the driver's local check (is the socket still open), never a round trip: this runs on every acquire.
 * A driver whose local check does not answer at once is given the benefit of the doubt; the pool's validation
 * after the pick still applies.
 * <p>
 * For both limits a negative duration means no limit and zero means never reuse, as in r2dbc-pool.
 */
record StaleConnectionEviction(Duration maxIdleTime, Duration maxLifeTime)
        implements BiPredicate<Connection, PooledRefMetadata> {

    @Override
    public boolean test(Connection connection, PooledRefMetadata metadata) {
        return outlived(metadata) || closed(connection);
    }

    private boolean outlived(PooledRefMetadata metadata) {
        if (maxIdleTime.isZero() || maxLifeTime.isZero()) {
            return true;
        }
        return (!maxIdleTime.isNegative() && metadata.idleTime() >= maxIdleTime.toMillis())
                || (!maxLifeTime.isNegative() && metadata.lifeTime() >= maxLifeTime.toMillis());
    }

    private static boolean closed(Connection connection) {
        CompletableFuture<Boolean> open = Mono.from(connection.validate(ValidationDepth.LOCAL)).toFuture();
        if (!open.isDone()) {
            open.cancel(false);
            return false;
        }
        return open.isCompletedExceptionally() || Boolean.FALSE.equals(open.getNow(Boolean.TRUE));
    }
}
