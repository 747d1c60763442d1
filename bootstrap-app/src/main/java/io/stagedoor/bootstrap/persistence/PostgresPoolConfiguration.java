package io.stagedoor.bootstrap.persistence;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration.Builder;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.r2dbc.ConnectionFactoryDecorator;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The PostgreSQL connection pool, built from the same {@code spring.r2dbc.*} properties, option customizers and
 * decorators as Spring Boot's own, with one change Boot offers no hook for: {@link StaleConnectionEviction}, so
 * connections a PostgreSQL restart killed are dropped when picked rather than failing requests (a dependency
 * outage answers 503 while it lasts, and the app recovers when it ends). Declaring the pool here makes Boot's
 * back off.
 */
@Configuration(proxyBeanMethods = false)
class PostgresPoolConfiguration {

    /** r2dbc-pool's value for "no limit". */
    private static final Duration NO_LIMIT = Duration.ofMillis(-1);

    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionFactory(R2dbcProperties properties, R2dbcConnectionDetails connectionDetails,
                                     ObjectProvider<ConnectionFactoryOptionsBuilderCustomizer> customizers,
                                     ObjectProvider<ConnectionFactoryDecorator> decorators) {
        ConnectionFactoryOptions.Builder options = connectionDetails.getConnectionFactoryOptions().mutate();
        customizers.orderedStream().forEach(customizer -> customizer.customize(options));
        ConnectionFactory connections = ConnectionFactories.get(options.build());
        for (ConnectionFactoryDecorator decorator : decorators.orderedStream().toList()) {
            connections = decorator.decorate(connections);
        }
        return new ConnectionPool(poolSettings(connections, properties.getPool()).build());
    }

    private static Builder poolSettings(ConnectionFactory connections, R2dbcProperties.Pool pool) {
        Duration maxIdleTime = orNoLimit(pool.getMaxIdleTime());
        Duration maxLifeTime = orNoLimit(pool.getMaxLifeTime());
        Builder builder = io.r2dbc.pool.ConnectionPoolConfiguration.builder(connections)
                .initialSize(pool.getInitialSize())
                .maxSize(pool.getMaxSize())
                .minIdle(pool.getMinIdle())
                .acquireRetry(pool.getAcquireRetry())
                .maxIdleTime(maxIdleTime)
                .maxLifeTime(maxLifeTime)
                .validationDepth(pool.getValidationDepth())
                .customizer(pooling -> pooling.evictionPredicate(new StaleConnectionEviction(maxIdleTime, maxLifeTime)));
        if (pool.getMaxAcquireTime() != null) {
            builder.maxAcquireTime(pool.getMaxAcquireTime());
        }
        if (pool.getMaxCreateConnectionTime() != null) {
            builder.maxCreateConnectionTime(pool.getMaxCreateConnectionTime());
        }
        if (pool.getMaxValidationTime() != null) {
            builder.maxValidationTime(pool.getMaxValidationTime());
        }
        if (StringUtils.hasText(pool.getValidationQuery())) {
            builder.validationQuery(pool.getValidationQuery());
        }
        return builder;
    }

    private static Duration orNoLimit(Duration limit) {
        return limit == null ? NO_LIMIT : limit;
    }
}
