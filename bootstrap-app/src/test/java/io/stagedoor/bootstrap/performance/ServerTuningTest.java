package io.stagedoor.bootstrap.performance;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;

/**
 * The app runs with the tuning docs/performance.md measured: its own HTTP loops, the router asked first, the
 * PostgreSQL pool opened at start.
 */
class ServerTuningTest extends StagedoorAppTest {

    /** {@code spring.r2dbc.pool.initial-size} in application.yaml. */
    private static final int INITIAL_POOL_SIZE = 10;

    @Autowired
    ApplicationContext context;

    @Test
    void requestsAreServedOnOneHttpLoopPerCore() {
        client.get().uri("/api/v1/concerts").exchange().expectStatus().isOk();

        List<String> loops = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("stagedoor-http-epoll-") || name.startsWith("stagedoor-http-nio-"))
                .collect(Collectors.toList());
        assertThat(loops).isNotEmpty();
        assertThat(loops).hasSizeLessThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void theApiRouterIsAskedBeforeEveryOtherHandlerMappingAndActuatorStillAnswers() {
        RouterFunctionMapping router = context.getBean("routerFunctionMapping", RouterFunctionMapping.class);
        int routerOrder = router.getOrder();

        assertThat(routerOrder).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
        context.getBeansOfType(HandlerMapping.class).values().stream()
                .filter(mapping -> mapping != router)
                .filter(Ordered.class::isInstance)
                .forEach(mapping -> assertThat(((Ordered) mapping).getOrder()).isGreaterThan(routerOrder));
        client.get().uri("/readyz").exchange().expectStatus().isOk(); // actuator's probe path on the public port
    }

    @Test
    void thePostgresPoolHoldsItsInitialConnectionsOnceTheAppHasStarted() {
        ConnectionPool pool = context.getBean(ConnectionPool.class);

        assertThat(pool.getMetrics()).hasValueSatisfying(metrics ->
                assertThat(metrics.allocatedSize()).isGreaterThanOrEqualTo(INITIAL_POOL_SIZE));
    }
}
