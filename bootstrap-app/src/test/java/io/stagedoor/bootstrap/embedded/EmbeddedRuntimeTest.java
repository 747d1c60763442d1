package io.stagedoor.bootstrap.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.StagedoorApplication;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With nothing configured the app must start real embedded servers, migrate, load the demo data and be healthy, and
 * (having no signing key configured) sign with a key of its own, so the demo users can sign in at once. Health and
 * /actuator/info say the servers are embedded, and the app stops within 5 s (the embedded servers after it).
 */
class EmbeddedRuntimeTest {

    @Test
    void withNothingConfiguredTheAppRunsOnEmbeddedServersIsHealthyAndDemoUsersSignIn() {
        ConfigurableApplicationContext started = new SpringApplicationBuilder(StagedoorApplication.class)
                .properties("PORT=0")
                .run("--management.server.port=0"); // application.yaml's 8081 outranks a default property
        try (ConfigurableApplicationContext app = started) {
            var environment = app.getEnvironment();
            assertThat(environment.getProperty("spring.r2dbc.url")).startsWith("r2dbc:postgresql://127.0.0.1:");
            assertThat(environment.getProperty("spring.data.redis.host")).isEqualTo("127.0.0.1");
            assertThat(environment.getProperty("stagedoor.demo-data-default", Boolean.class)).isTrue();
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            int managementPort = Integer.parseInt(environment.getProperty("local.management.port"));
            WebTestClient client = clientFor(port);
            clientFor(managementPort).get().uri("/actuator/health").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP")
                    .jsonPath("$.components.r2dbc.details.server").isEqualTo("embedded")
                    .jsonPath("$.components.redis.details.server").isEqualTo("embedded");
            clientFor(managementPort).get().uri("/actuator/info").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.servers").isEqualTo("embedded");

            Map<?, ?> token = client.post().uri("/api/v1/auth/tokens").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("userId", 42, "password", "stagedoor-demo"))
                    .exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
            client.get().uri("/api/v1/users/42/balance").header("Authorization", "Bearer " + token.get("accessToken"))
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.balance").isEqualTo(0);
            long closing = System.nanoTime();
            app.close();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("graceful stop").isLessThan(Duration.ofSeconds(5));
        }
    }

    private static WebTestClient clientFor(int port) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(20)).build();
    }
}
