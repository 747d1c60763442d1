package io.stagedoor.bootstrap.persistence;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Closes PostgreSQL connections that stopped answering, so a fail-over heals by itself.
 * <p>
 * Why: when a primary's address moves, packets on the connections the pool already holds are silently dropped while
 * new connections work. The server's {@code statement_timeout} never fires (the statement never arrived), TCP gives
 * up only after about 15 minutes, and the pool's local check sees an open socket, so every request that picks such a
 * connection hangs until its deadline, and a transaction that hangs keeps its connection forever.
 * <p>
 * Every physical connection is watched: a call to the server (a statement, begin, commit, rollback, a remote
 * validation) that has had no answer for {@code limit} gets the connection closed, which fails whatever waits on it
 * at once (a connection-closed error, answered 503) and makes the pool drop it ({@link StaleConnectionEviction}).
 * As the network that lost one connection most likely lost its siblings, the connections that have not been answered
 * since the dead call began are closed with it, so the requests after recovery get fresh connections instead of
 * finding the rest one by one. The limit sits above {@code statement_timeout}: a slow statement is ended by the server
 * with an error long before this watchdog would close its connection.
 */
public final class UnansweredConnections implements AutoCloseable {

    private static final Log log = LogFactory.getLog(UnansweredConnections.class);

    private final Duration limit;
    private final LongSupplier nanoClock;
    private final Set<WatchedConnection> live = ConcurrentHashMap.newKeySet();
    private final Disposable sweeper;

    public UnansweredConnections(Duration limit, Duration sweepEvery) {
        this(limit, sweepEvery, System::nanoTime);
    }

    UnansweredConnections(Duration limit, Duration sweepEvery, LongSupplier nanoClock) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the unanswered-connection limit must be positive, was " + limit);
        }
        this.limit = limit;
        this.nanoClock = nanoClock;
        this.sweeper = sweepEvery.isZero() ? null
                : Flux.interval(sweepEvery, sweepEvery, Schedulers.parallel()).subscribe(tick -> sweep());
    }

    /** The connection factory whose connections are watched. */
    public ConnectionFactory watch(ConnectionFactory connections) {
        return new WatchedConnectionFactory(connections);
    }

    private final class WatchedConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory> {

        private final ConnectionFactory connections;

        private WatchedConnectionFactory(ConnectionFactory connections) {
            this.connections = connections;
        }

        @Override
        public Publisher<? extends Connection> create() {
            return Mono.from(connections.create()).map(connection -> {
                WatchedConnection watched = new WatchedConnection(connection, UnansweredConnections.this);
                live.add(watched);
                return watched;
            });
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return connections.getMetadata();
        }

        @Override
        public ConnectionFactory unwrap() {
            return connections;
        }
    }

    /** How many physical connections are open and watched (for tests). */
    public int liveConnections() {
        return live.size();
    }

    long now() {
        return nanoClock.getAsLong();
    }

    void closed(WatchedConnection connection) {
        live.remove(connection);
    }

    /** Closes every connection whose oldest unanswered call is older than the limit, and the siblings gone quiet with it. */
    void sweep() {
        long now = now();
        for (WatchedConnection connection : live) {
            long since = connection.waitingSince();
            if (since != 0 && now - since >= limit.toNanos()) {
                log.warn("A PostgreSQL connection has not answered for " + limit.toMillis() + " ms: closing it and "
                        + "every connection not answered since (a fail-over or a network that dropped them)");
                for (WatchedConnection sibling : live) {
                    if (sibling == connection || sibling.lastAnswered() < since) {
                        sibling.abandon();
                    }
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.dispose();
        }
    }
}
