package io.stagedoor.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.TcpProxy;
import io.stagedoor.testsupport.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** PostgreSQL or Redis going away mid-flight answers 503 with Retry-After in bounded time, and the app recovers. */
@Import(DependencyOutageTest.ProbeRoutes.class)
class DependencyOutageTest extends StagedoorAppTest {

    private static final int POOL_GROWTH = 8;
    private static TcpProxy postgresProxy;
    private static TcpProxy redisProxy;

    @Autowired
    ConnectionPool pool;

    @DynamicPropertySource
    static void throughProxies(DynamicPropertyRegistry registry) {
        var postgres = TestServers.postgres();
        var redisServer = TestServers.redis();
        postgresProxy = new TcpProxy(postgres.host(), postgres.port());
        redisProxy = new TcpProxy(redisServer.host(), redisServer.port());
        propertyOverrides.put("spring.r2dbc.url", () -> "r2dbc:postgresql://127.0.0.1:" + postgresProxy.port() + "/" + database.name());
        propertyOverrides.put("spring.data.redis.port", () -> Integer.toString(redisProxy.port()));
        registry.add("stagedoor.http.request-deadline", () -> "PT3S");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ProbeRoutes {

        @Bean
        PublicRoutes outageProbes(DatabaseClient db, ReactiveStringRedisTemplate redis) {
            return new PublicRoutes(RouterFunctions.route()
                    .GET("/probe/postgres", request -> selectOne(db, "SELECT 1 AS one"))
                    .GET("/probe/postgres-slow", request -> selectOne(db, "SELECT 1 AS one FROM pg_sleep(0.3)"))
                    // which server process (so which pooled connection) answered, after holding it for a second
                    .GET("/probe/postgres-held", request -> selectOne(db, "SELECT pg_backend_pid() AS one FROM pg_sleep(1)"))
                    .GET("/probe/redis", request -> redis.opsForValue().get("probe").defaultIfEmpty("none")
                            .flatMap(value -> ServerResponse.ok().bodyValue(value)))
                    .build());
        }

        private static Mono<ServerResponse> selectOne(DatabaseClient db, String sql) {
            return db.sql(sql).map(row -> row.get("one", Integer.class)).one()
                    .flatMap(one -> ServerResponse.ok().bodyValue(one));
        }
    }

    @AfterEach
    void heal() {
        postgresProxy.restore();
        redisProxy.restore();
    }

    @Test
    void postgresCrashAnswers503WithRetryAfterAndRecovers() {
        client.get().uri("/api/v1/probe/postgres").exchange().expectStatus().isOk();
        postgresProxy.cut();
        expectServiceUnavailableWithin("/api/v1/probe/postgres", Duration.ofSeconds(6));
        postgresProxy.restore();
        client.get().uri("/api/v1/probe/postgres").exchange().expectStatus().isOk();
    }

    /** r2dbc-pool's own validation would spend the request's one retry on each of two dead connections and give up. */
    @Test
    void postgresCrashWithManyPooledConnectionsRecoversOnTheFirstRequest() {
        Flux.range(0, POOL_GROWTH)
                .flatMap(i -> Mono.fromRunnable(() -> client.get().uri("/api/v1/probe/postgres-slow").exchange()
                        .expectStatus().isOk()).subscribeOn(Schedulers.boundedElastic()), POOL_GROWTH)
                .blockLast(Duration.ofSeconds(10));
        assertThat(pool.getMetrics()).hasValueSatisfying(metrics ->
                assertThat(metrics.allocatedSize()).isGreaterThanOrEqualTo(POOL_GROWTH));
        postgresProxy.cut();
        expectServiceUnavailableWithin("/api/v1/probe/postgres", Duration.ofSeconds(6));
        postgresProxy.restore();
        client.get().uri("/api/v1/probe/postgres").exchange().expectStatus().isOk();
    }

    @Test
    void postgresSilentlyHangingAnswers503AtTheDeadline() {
        client.get().uri("/api/v1/probe/postgres").exchange().expectStatus().isOk();
        postgresProxy.blackHole();
        expectServiceUnavailableWithin("/api/v1/probe/postgres", Duration.ofSeconds(6));
    }

    @Test
    void redisCrashAnswers503WithRetryAfter() {
        client.get().uri("/api/v1/probe/redis").exchange().expectStatus().isOk();
        redisProxy.cut();
        expectServiceUnavailableWithin("/api/v1/probe/redis", Duration.ofSeconds(6));
    }

    private void expectServiceUnavailableWithin(String path, Duration bound) {
        long started = System.nanoTime();
        client.get().uri(path).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(bound);
    }
}
