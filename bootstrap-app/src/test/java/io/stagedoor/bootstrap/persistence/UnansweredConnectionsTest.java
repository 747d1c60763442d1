package io.stagedoor.bootstrap.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The fail-over watchdog closes a connection whose call has had no answer for the limit, and with it every sibling
 * except those at work on a call that answered since the dead call began: idle ones go whatever their last answer,
 * since the moment the network went silent is not known. Connections that answer, or that are merely slow within the
 * limit, are left alone.
 */
class UnansweredConnectionsTest {

    private static final Duration LIMIT = Duration.ofSeconds(7);

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final UnansweredConnections watchdog = new UnansweredConnections(LIMIT, Duration.ZERO, nanos::get);

    @Test
    void aCallWithoutAnAnswerPastTheLimitClosesItsConnectionAndEverySiblingButThoseAtWorkThatAnsweredSince() {
        FakeConnection silent = new FakeConnection();
        FakeConnection idleBefore = new FakeConnection();
        FakeConnection silentAtWork = new FakeConnection();
        Connection watchedSilent = open(silent);
        open(idleBefore);
        Connection watchedSilentAtWork = open(silentAtWork);
        tick(Duration.ofSeconds(1));
        FakeConnection atWork = new FakeConnection();
        Connection watchedAtWork = open(atWork);

        Flux.from(watchedSilent.createStatement("SELECT 1").execute()).subscribe(); // never answered
        tick(Duration.ofSeconds(1));
        atWork.answer = true;
        Flux.from(watchedAtWork.createStatement("SELECT 1").execute()).blockLast(); // answered after the silent call began
        atWork.answer = false;
        Flux.from(watchedAtWork.createStatement("SELECT 2").execute()).subscribe(); // and at work on the next one
        Flux.from(watchedSilentAtWork.createStatement("SELECT 1").execute()).subscribe(); // silent since before
        tick(LIMIT.minusSeconds(1).minusMillis(1)); // the silent call has waited the limit less 1 ms
        watchdog.sweep();
        assertThat(silent.closed).as("within the limit").isFalse();

        tick(Duration.ofMillis(1));
        watchdog.sweep();

        assertThat(silent.closed).isTrue();
        assertThat(idleBefore.closed).as("idle").isTrue();
        assertThat(silentAtWork.closed).as("at work but silent since before the dead call began").isTrue();
        assertThat(atWork.closed).as("at work and answered since").isFalse();
        assertThat(watchdog.liveConnections()).isEqualTo(1);
    }

    /**
     * The case a rule "close what has not answered since the dead call began" misses: the dead call was sent before
     * the network went silent (a slow periodic task), a sibling answered in between and then went back to the pool,
     * as dead as the rest. Left there it would cost the request that draws it a 503 at its deadline.
     */
    @Test
    void aSiblingThatAnsweredAfterTheDeadCallBeganAndThenIdledIsClosedWithIt() {
        FakeConnection silent = new FakeConnection();
        FakeConnection answeredJustBefore = new FakeConnection();
        Connection watchedSilent = open(silent);
        Connection watchedAnswered = open(answeredJustBefore);

        Flux.from(watchedSilent.createStatement("SELECT 1").execute()).subscribe(); // sent before the fail-over, never answered
        tick(Duration.ofSeconds(2));
        answeredJustBefore.answer = true;
        Flux.from(watchedAnswered.createStatement("SELECT 1").execute()).blockLast(); // answered, then idle in the pool
        answeredJustBefore.answer = false; // the fail-over: it will never answer again
        tick(LIMIT.minusSeconds(2));
        watchdog.sweep();

        assertThat(silent.closed).isTrue();
        assertThat(answeredJustBefore.closed).as("idle, answered after the dead call began").isTrue();
        assertThat(watchdog.liveConnections()).isZero();
    }

    @Test
    void connectionsThatAnswerAreNeverClosed() {
        FakeConnection fine = new FakeConnection();
        fine.answer = true;
        Connection watched = open(fine);
        for (int i = 0; i < 10; i++) {
            Flux.from(watched.createStatement("SELECT 1").execute()).blockLast();
            tick(LIMIT);
            watchdog.sweep();
        }
        assertThat(fine.closed).isFalse();
    }

    private Connection open(FakeConnection connection) {
        ConnectionFactory factory = new ConnectionFactory() {
            @Override
            public Mono<Connection> create() {
                return Mono.just(connection.proxy());
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return () -> "fake";
            }
        };
        return Mono.from(watchdog.watch(factory).create()).block();
    }

    private void tick(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    /** A connection whose statements answer at once or never, and that notes being closed. */
    private static final class FakeConnection {

        volatile boolean answer;
        volatile boolean closed;

        Connection proxy() {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (self, method, args) -> switch (method.getName()) {
                        case "createStatement" -> statement();
                        case "close" -> Mono.fromRunnable(() -> closed = true);
                        case "hashCode" -> System.identityHashCode(self);
                        case "equals" -> self == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private Statement statement() {
            return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                    (self, method, args) -> {
                        if (method.getName().equals("execute")) {
                            return answer ? Flux.just((Result) Proxy.newProxyInstance(getClass().getClassLoader(),
                                    new Class<?>[] {Result.class}, (r, m, a) -> null))
                                    : Sinks.many().unicast().<Result>onBackpressureBuffer().asFlux();
                        }
                        return self;
                    });
        }
    }
}
