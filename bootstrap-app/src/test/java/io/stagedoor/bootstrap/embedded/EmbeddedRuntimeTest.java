package io.stagedoor.bootstrap.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.StagedoorApplication;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With nothing configured the app must start real embedded servers, migrate, and be healthy. */
class EmbeddedRuntimeTest {

    @Test
    void withNothingConfiguredTheAppRunsOnEmbeddedServersAndIsHealthy() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(StagedoorApplication.class)
                .properties("PORT=0", "management.server.port=0")
                .run()) {
            var environment = app.getEnvironment();
            assertThat(environment.getProperty("spring.r2dbc.url")).startsWith("r2dbc:postgresql://127.0.0.1:");
            assertThat(environment.getProperty("spring.data.redis.host")).isEqualTo("127.0.0.1");
            assertThat(environment.getProperty("stagedoor.demo-data-default", Boolean.class)).isTrue();
            int managementPort = Integer.parseInt(environment.getProperty("local.management.port"));
            WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).responseTimeout(Duration.ofSeconds(20)).build()
                    .get().uri("/actuator/health").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP");
        }
    }
}
