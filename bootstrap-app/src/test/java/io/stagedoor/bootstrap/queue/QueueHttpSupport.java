package io.stagedoor.bootstrap.queue;

import io.stagedoor.common.request.AdmissionAttributes;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.bootstrap.web.GatedRoutes;
import io.stagedoor.testsupport.Polling;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * What the queue's HTTP tests share: users signed up and in through the account API, rooms tuned through the operator
 * API, and a gated probe route that echoes the admission attributes the gate hands to handlers.
 */
abstract class QueueHttpSupport extends StagedoorAppTest {

    /** A gated route that shows what the gate handed over. */
    @TestConfiguration(proxyBeanMethods = false)
    static class QueueProbes {

        @Bean
        GatedRoutes queueProbeRoutes() {
            return new GatedRoutes(RouterFunctions.route()
                    .GET("/queue-probe/concerts/{concertId}", request -> echo(request.attributes()))
                    .GET("/queue-probe", request -> echo(request.attributes()))
                    .build());
        }

        private static Mono<ServerResponse> echo(Map<String, Object> attributes) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userId", attributes.get(AdmissionAttributes.USER_ID));
            body.put("concertId", attributes.get(AdmissionAttributes.CONCERT_ID));
            body.put("token", attributes.get(AdmissionAttributes.TOKEN));
            return ServerResponse.ok().bodyValue(body);
        }
    }

    /** Real concerts 1..100 in the concert module's own table, so joins pass its existence check. */
    @BeforeEach
    void concertsExist() {
        database.execute("INSERT INTO concert.concerts (id, title) SELECT g, 'Queue test concert ' || g"
                + " FROM generate_series(1, 100) g ON CONFLICT DO NOTHING");
    }

    protected SignedIn newUser() {
        return signUp();
    }

    protected WebTestClient.ResponseSpec join(WebTestClient via, SignedIn user, long concertId) {
        return via.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, user.authorization())
                .bodyValue("{\"concertId\": " + concertId + "}")
                .exchange();
    }

    /**
     * Joins and expects a place. A 503 (Redis slower than the app's command timeout, which a CI machine loaded far past
     * its cores causes; a 503 writes nothing) is waited out for up to 30 s, as a client waits out its Retry-After.
     */
    protected Map<?, ?> joined(SignedIn user, long concertId) {
        AtomicReference<EntityExchangeResult<Map>> joined = new AtomicReference<>();
        try {
            Polling.within(Duration.ofSeconds(30), Duration.ofMillis(250), () -> {
                joined.set(join(client, user, concertId).expectBody(Map.class).returnResult());
                return joined.get().getStatus().value() != 503;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(joined.get().getStatus().is2xxSuccessful())
                .as("join answered %s: %s", joined.get().getStatus(), joined.get().getResponseBody()).isTrue();
        return joined.get().getResponseBody();
    }

    /** GET a gated path as {@code user} with {@code token}. */
    protected WebTestClient.ResponseSpec gated(WebTestClient via, SignedIn user, String path, String token) {
        return via.get().uri(path).header(HttpHeaders.AUTHORIZATION, user.authorization())
                .header("Queue-Token", token).exchange();
    }

    protected void tune(long concertId, String settings) {
        client.put().uri("/api/v1/admin/queues/{c}", concertId).header("Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(settings)
                .exchange().expectStatus().isOk();
    }

    protected Map<?, ?> status(WebTestClient via, String token) {
        return via.get().uri("/api/v1/queue/status").header("Queue-Token", token)
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    protected void awaitActive(String token, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (!"ACTIVE".equals(status(client, token).get("status"))) {
            assertThat(Instant.now()).as("admitted in time").isBefore(deadline);
            pause(50);
        }
    }

    protected static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
