package io.stagedoor.bootstrap.performance;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Opens the R2DBC pool's initial connections ({@code spring.r2dbc.pool.initial-size}) while the context starts,
 * on the starting thread, so the first requests after start-up do not pay for TCP, TLS and authentication and
 * connections are not created from inside request event loops. A database that is down only logs a warning:
 * the pool opens connections on demand later, and health shows the outage.
 * <p>
 * It draws the connections at once and gives them back rather than calling the pool's {@code warmup()}: when one of
 * warmup()'s openings fails (on a loaded machine one can take longer than {@code max-create-connection-time}),
 * reactor-pool (1.2.8) keeps the permits of the openings still under way, and the pool can never again hold more
 * than its maximum less those, for the instance's whole life (ConnectionPoolWarmUpTest). Connections drawn are
 * opened through the pool's ordinary acquire path, which gives back the permit of any opening that fails.
 */
final class ConnectionPoolWarmUp implements BeanPostProcessor {

    private static final Log log = LogFactory.getLog(ConnectionPoolWarmUp.class);
    private static final Duration LIMIT = Duration.ofSeconds(15);

    private final int initialSize;

    ConnectionPoolWarmUp(int initialSize) {
        this.initialSize = initialSize;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ConnectionPool pool && initialSize > 0) {
            try {
                int opened = open(pool);
                if (opened == initialSize) {
                    log.info("R2DBC pool '" + beanName + "' warmed up: " + opened + " connection(s) opened");
                } else {
                    log.warn("R2DBC pool '" + beanName + "' warmed up with " + opened + " of " + initialSize
                            + " connection(s) (the others open on demand)");
                }
            } catch (RuntimeException e) {
                log.warn("R2DBC pool '" + beanName + "' could not be warmed up (connections open on demand): " + e.getMessage());
            }
        }
        return bean;
    }

    /** Draws the initial connections at once (so each is a connection of its own), gives them back, tells how many. */
    int open(ConnectionPool pool) {
        List<Connection> drawn = Flux.range(0, initialSize)
                .flatMap(i -> Mono.from(pool.create()).onErrorResume(error -> Mono.empty()), initialSize)
                .collectList()
                .block(LIMIT);
        Flux.fromIterable(drawn).flatMap(Connection::close).then().block(LIMIT);
        return drawn.size();
    }
}
