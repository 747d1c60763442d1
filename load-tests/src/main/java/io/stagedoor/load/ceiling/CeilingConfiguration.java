package io.stagedoor.load.ceiling;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Two PostgreSQL pools with the app's pool settings, so one run measures what docs/performance.md ("PostgreSQL event loops and pool warm-up") says about them:
 * {@code /ceiling/postgres} uses non-colocated dedicated event loops and is warmed at start-up (what
 * bootstrap-app's performance configuration does); {@code /ceiling/postgres-default} is Spring Boot's default
 * (the driver's shared, colocated loops; connections opened on first use).
 */
@Configuration(proxyBeanMethods = false)
class CeilingConfiguration {

    static final String REDIS_KEY = "stagedoor:ceiling:value";

    @Bean(destroyMethod = "dispose")
    ConnectionPool tunedPool(@Value("${spring.r2dbc.url}") String url,
                             @Value("${spring.r2dbc.username:postgres}") String user,
                             @Value("${spring.r2dbc.password:}") String password,
                             @Value("${ceiling.pool.initial-size:10}") int initial,
                             @Value("${ceiling.pool.max-size:20}") int max) {
        LoopResources loops = LoopResources.create("ceiling-pg", 1, LoopResources.DEFAULT_IO_WORKER_COUNT, true, false);
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url).mutate()
                .option(ConnectionFactoryOptions.USER, user)
                .option(ConnectionFactoryOptions.PASSWORD, password)
                .option(PostgresqlConnectionFactoryProvider.LOOP_RESOURCES, loops)
                .build();
        ConnectionPool pool = pool(options, initial, max);
        try {
            pool.warmup().block(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            // as the app's own warm-up: on a crowded machine a connection may take longer than the pool's 3 s to
            // open; the ceiling is measured only after its own warm-up passes, which open them on demand
            org.apache.commons.logging.LogFactory.getLog(CeilingConfiguration.class)
                    .warn("PostgreSQL pool not warmed up at start (connections open on demand): " + e);
        }
        return pool;
    }

    @Bean(destroyMethod = "dispose")
    ConnectionPool defaultPool(@Value("${spring.r2dbc.url}") String url,
                               @Value("${spring.r2dbc.username:postgres}") String user,
                               @Value("${spring.r2dbc.password:}") String password,
                               @Value("${ceiling.pool.initial-size:10}") int initial,
                               @Value("${ceiling.pool.max-size:20}") int max) {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url).mutate()
                .option(ConnectionFactoryOptions.USER, user)
                .option(ConnectionFactoryOptions.PASSWORD, password)
                .build();
        return pool(options, initial, max);
    }

    private static ConnectionPool pool(ConnectionFactoryOptions options, int initial, int max) {
        return new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(options))
                .initialSize(initial)
                .maxSize(max)
                .maxAcquireTime(Duration.ofSeconds(3))
                .maxCreateConnectionTime(Duration.ofSeconds(3))
                .build());
    }

    @Bean
    ApplicationRunner seedRedisKey(ReactiveStringRedisTemplate redis) {
        return args -> redis.opsForValue().set(REDIS_KEY, "ceiling").block(Duration.ofSeconds(10));
    }

    @Bean
    RouterFunction<ServerResponse> ceilingRoutes(ReactiveStringRedisTemplate redis,
                                                 @Qualifier("tunedPool") ConnectionPool tunedPool,
                                                 @Qualifier("defaultPool") ConnectionPool defaultPool) {
        DatabaseClient tuned = DatabaseClient.create(tunedPool);
        DatabaseClient plain = DatabaseClient.create(defaultPool);
        Map<String, Boolean> bare = Map.of("ok", true);
        return RouterFunctions.route()
                .GET("/ceiling/bare", request -> ServerResponse.ok().bodyValue(bare))
                .GET("/ceiling/redis", request -> redis.opsForValue().get(REDIS_KEY)
                        .defaultIfEmpty("")
                        .flatMap(value -> ServerResponse.ok().bodyValue(Map.of("value", value))))
                .GET("/ceiling/postgres", request -> oneRow(tuned))
                .GET("/ceiling/postgres-default", request -> oneRow(plain))
                .build();
    }

    /** One round trip: a bound one-row query (extended protocol, cached prepared statement), like the app's lookups. */
    private static Mono<ServerResponse> oneRow(DatabaseClient db) {
        return db.sql("SELECT $1::int AS v").bind(0, 1)
                .map(row -> row.get("v", Integer.class))
                .one()
                .flatMap(value -> ServerResponse.ok().bodyValue(Map.of("value", value)));
    }
}
