package io.stagedoor.bootstrap.persistence;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A physical connection that notes when it was last asked something and last answered, for
 * {@link UnansweredConnections}. Everything else is passed through unchanged.
 */
final class WatchedConnection implements Connection, Wrapped<Connection> {

    private final Connection delegate;
    private final UnansweredConnections watchdog;
    /** System.nanoTime() of the oldest call still waiting for its first answer, 0 when none waits. */
    private final AtomicLong waitingSince = new AtomicLong();
    private volatile long lastAnswered;
    private final AtomicBoolean closed = new AtomicBoolean();

    WatchedConnection(Connection delegate, UnansweredConnections watchdog) {
        this.delegate = delegate;
        this.watchdog = watchdog;
        this.lastAnswered = watchdog.now();
    }

    long waitingSince() {
        return waitingSince.get();
    }

    long lastAnswered() {
        return lastAnswered;
    }

    private void asked() {
        long now = watchdog.now();
        waitingSince.compareAndSet(0, now == 0 ? 1 : now);
    }

    private void answered() {
        lastAnswered = watchdog.now();
        waitingSince.set(0);
    }

    /** Closes the socket under whoever waits on it: they fail with a connection-closed error, the pool drops it. */
    void abandon() {
        waitingSince.set(0);
        Mono.from(close()).onErrorResume(error -> Mono.empty()).subscribe();
    }

    <T> Mono<T> watched(Publisher<T> call) {
        return Mono.from(call)
                .doOnSubscribe(subscription -> asked())
                .doOnSuccess(value -> answered())
                .doOnError(error -> answered());
    }

    <T> Flux<T> watchedResults(Publisher<T> call) {
        // a result is emitted once the server's first message for it arrived
        return Flux.from(call)
                .doOnSubscribe(subscription -> asked())
                .doOnNext(result -> answered())
                .doOnComplete(this::answered)
                .doOnError(error -> answered());
    }

    @Override
    public Publisher<Void> beginTransaction() {
        return watched(delegate.beginTransaction());
    }

    @Override
    public Publisher<Void> beginTransaction(TransactionDefinition definition) {
        return watched(delegate.beginTransaction(definition));
    }

    @Override
    public Publisher<Void> close() {
        return Mono.defer(() -> {
            if (closed.compareAndSet(false, true)) {
                watchdog.closed(this);
            }
            return Mono.from(delegate.close());
        });
    }

    @Override
    public Publisher<Void> commitTransaction() {
        return watched(delegate.commitTransaction());
    }

    @Override
    public Batch createBatch() {
        Batch batch = delegate.createBatch();
        return new Batch() {
            @Override
            public Batch add(String sql) {
                batch.add(sql);
                return this;
            }

            @Override
            public Publisher<? extends Result> execute() {
                return watchedResults(batch.execute());
            }
        };
    }

    @Override
    public Publisher<Void> createSavepoint(String name) {
        return watched(delegate.createSavepoint(name));
    }

    @Override
    public Statement createStatement(String sql) {
        return new WatchedStatement(delegate.createStatement(sql), this);
    }

    @Override
    public boolean isAutoCommit() {
        return delegate.isAutoCommit();
    }

    @Override
    public ConnectionMetadata getMetadata() {
        return delegate.getMetadata();
    }

    @Override
    public IsolationLevel getTransactionIsolationLevel() {
        return delegate.getTransactionIsolationLevel();
    }

    @Override
    public Publisher<Void> releaseSavepoint(String name) {
        return watched(delegate.releaseSavepoint(name));
    }

    @Override
    public Publisher<Void> rollbackTransaction() {
        return watched(delegate.rollbackTransaction());
    }

    @Override
    public Publisher<Void> rollbackTransactionToSavepoint(String name) {
        return watched(delegate.rollbackTransactionToSavepoint(name));
    }

    @Override
    public Publisher<Void> setAutoCommit(boolean autoCommit) {
        return watched(delegate.setAutoCommit(autoCommit));
    }

    @Override
    public Publisher<Void> setLockWaitTimeout(Duration timeout) {
        return watched(delegate.setLockWaitTimeout(timeout));
    }

    @Override
    public Publisher<Void> setStatementTimeout(Duration timeout) {
        return watched(delegate.setStatementTimeout(timeout));
    }

    @Override
    public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
        return watched(delegate.setTransactionIsolationLevel(isolationLevel));
    }

    @Override
    public Publisher<Boolean> validate(ValidationDepth depth) {
        return depth == ValidationDepth.REMOTE ? watched(delegate.validate(depth)) : delegate.validate(depth);
    }

    @Override
    public Connection unwrap() {
        return delegate;
    }
}
