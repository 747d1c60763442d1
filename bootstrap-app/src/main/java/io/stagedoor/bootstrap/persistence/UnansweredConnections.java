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
 * As the network that lost one connection most likely lost its siblings, they are closed with it, so the requests
 * after recovery get fresh connections instead of finding the dead ones one by one: every sibling that waits on a call
 * and has not answered since the dead call began, and every sibling that waits on nothing (idle in the pool or between
 * two calls). The idle ones go whatever their last answer: the moment the network went silent is not known (the dead
 * call may have been sent well before it, by a slow periodic task on a busy machine), so a connection that answered
 * after the dead call began may still have answered before the fail-over, and left idle it would cost the request
 * that later draws it a 503 at its deadline. Closing an idle connection that was fine costs only a reconnect, as the
 * pool opens connections on demand. Spared are the siblings at work on a call that have answered since the dead call
 * began: most likely alive and serving a request; if they are dead too, their own call reaches the limit later.
 * The limit sits above {@code statement_timeout}: a slow statement is ended by the server with an error long before
 * this watchdog would close its connection.
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

    /**
     * Closes every connection whose oldest unanswered call is older than the limit, and with it every sibling except
     * those at work on a call that answered since the dead call began (see the class comment).
     */
    void sweep() {
        long now = now();
        for (WatchedConnection connection : live) {
            long since = connection.waitingSince();
            if (since != 0 && now - since >= limit.toNanos()) {
                log.warn("A PostgreSQL connection has not answered for " + limit.toMillis() + " ms: closing it, every "
                        + "idle connection and every connection not answered since (a fail-over or a network that "
                        + "dropped them)");
                for (WatchedConnection sibling : live) {
                    if (sibling == connection || !atWorkAndAnsweredSince(sibling, since)) {
                        sibling.abandon();
                    }
                }
                return;
            }
        }
    }

    private static boolean atWorkAndAnsweredSince(WatchedConnection sibling, long since) {
        return sibling.waitingSince() != 0 && sibling.lastAnswered() >= since;
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.dispose();
        }
    }
}
