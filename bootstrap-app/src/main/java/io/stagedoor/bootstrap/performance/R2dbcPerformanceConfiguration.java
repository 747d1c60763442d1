package io.stagedoor.bootstrap.performance;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import reactor.netty.resources.LoopResources;

/**
 * docs/performance.md ("PostgreSQL event loops and pool warm-up"): PostgreSQL connections get their own, non-colocated Reactor Netty event loops, and the pool is opened
 * before the first request instead of on it.
 * <p>
 * With the driver's default (shared, colocated) loop resources, a connection the pool opens from inside an event
 * loop is pinned to that very loop, so under load most connections end up sharing one or two loops. A dedicated
 * group created with {@code colocate = false} hands each new connection the next loop round-robin.
 * <p>
 * Both are on by default; {@code stagedoor.performance.r2dbc.dedicated-loops=false} and
 * {@code stagedoor.performance.r2dbc.warm-up=false} switch them off for A/B measurements (docs/performance.md).
 * Pre-opened connections cost nothing after a PostgreSQL restart: the pool drops the ones the restart killed when it
 * picks them ({@code persistence.StaleConnectionEviction}), and DependencyOutageTest checks recovery on the first request.
 */
@Configuration(proxyBeanMethods = false)
class R2dbcPerformanceConfiguration {

    /** The PostgreSQL driver's I/O threads ("stagedoor-pg-N"); daemon, disposed with the context. */
    @Bean(destroyMethod = "dispose")
    @ConditionalOnProperty(name = "stagedoor.performance.r2dbc.dedicated-loops", havingValue = "true", matchIfMissing = true)
    LoopResources postgresLoopResources(@Value("${stagedoor.performance.r2dbc.loop-threads:0}") int threads) {
        int workers = threads > 0 ? threads : LoopResources.DEFAULT_IO_WORKER_COUNT;
        return LoopResources.create("stagedoor-pg", 1, workers, true, false);
    }

    @Bean
    @ConditionalOnProperty(name = "stagedoor.performance.r2dbc.dedicated-loops", havingValue = "true", matchIfMissing = true)
    ConnectionFactoryOptionsBuilderCustomizer postgresLoopResourcesCustomizer(LoopResources postgresLoopResources) {
        return builder -> builder.option(PostgresqlConnectionFactoryProvider.LOOP_RESOURCES, postgresLoopResources);
    }

    @Bean
    @ConditionalOnProperty(name = "stagedoor.performance.r2dbc.warm-up", havingValue = "true", matchIfMissing = true)
    static ConnectionPoolWarmUp connectionPoolWarmUp(Environment environment) {
        // read from the environment: a bean post-processor is created before configuration properties are bound
        return new ConnectionPoolWarmUp(environment.getProperty("spring.r2dbc.pool.initial-size", Integer.class, 10));
    }
}
