package io.stagedoor.bootstrap.performance;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.resources.LoopResources;

/**
 * DESIGN §9: PostgreSQL connections get their own, non-colocated Reactor Netty event loops, and (opt-in) the pool
 * is opened before the first request instead of on it.
 * <p>
 * With the driver's default (shared, colocated) loop resources, a connection the pool opens from inside an event
 * loop is pinned to that very loop, so under load most connections end up sharing one or two loops. A dedicated
 * group created with {@code colocate = false} hands each new connection the next loop round-robin.
 * <p>
 * The dedicated loops are on by default ({@code stagedoor.performance.r2dbc.dedicated-loops=false} switches them off
 * for A/B measurements, see docs/performance.md). The warm-up is opt-in ({@code stagedoor.performance.r2dbc.warm-up=true}):
 * the pool validates connections only locally, so every pre-opened connection that a PostgreSQL restart killed fails
 * one request before it is discarded; with the warm-up on, recovery after a restart costs up to {@code initial-size}
 * failed requests instead of about one (DependencyOutageTest checks recovery on the first request).
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
    @ConditionalOnProperty(name = "stagedoor.performance.r2dbc.warm-up", havingValue = "true")
    static ConnectionPoolWarmUp connectionPoolWarmUp() {
        return new ConnectionPoolWarmUp();
    }
}
