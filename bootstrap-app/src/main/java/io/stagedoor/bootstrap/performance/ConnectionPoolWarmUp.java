package io.stagedoor.bootstrap.performance;

import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Opens the R2DBC pool's initial connections ({@code spring.r2dbc.pool.initial-size}) while the context starts,
 * on the starting thread, so the first requests after start-up do not pay for TCP, TLS and authentication and
 * connections are not created from inside request event loops. A database that is down only logs a warning:
 * the pool opens connections on demand later, and health shows the outage.
 */
final class ConnectionPoolWarmUp implements BeanPostProcessor {

    private static final Log log = LogFactory.getLog(ConnectionPoolWarmUp.class);
    private static final Duration LIMIT = Duration.ofSeconds(15);

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ConnectionPool pool) {
            try {
                Integer opened = pool.warmup().block(LIMIT);
                log.info("R2DBC pool '" + beanName + "' warmed up: " + opened + " connection(s) opened");
            } catch (RuntimeException e) {
                log.warn("R2DBC pool '" + beanName + "' could not be warmed up (connections open on demand): " + e.getMessage());
            }
        }
        return bean;
    }
}
