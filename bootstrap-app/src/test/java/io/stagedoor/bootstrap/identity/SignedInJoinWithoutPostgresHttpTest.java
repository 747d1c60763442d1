package io.stagedoor.bootstrap.identity;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.TcpProxy;
import io.stagedoor.testsupport.TestServers;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A join by a signed-in user makes no PostgreSQL call on the request path: the validated bearer proves the user exists
 * (users are never deleted), and the concert's existence is remembered. Shown by joining while PostgreSQL is cut off.
 */
class SignedInJoinWithoutPostgresHttpTest extends StagedoorAppTest {

    private static TcpProxy postgresProxy;

    @DynamicPropertySource
    static void postgresThroughAProxy(DynamicPropertyRegistry registry) {
        var postgres = TestServers.postgres();
        postgresProxy = new TcpProxy(postgres.host(), postgres.port());
        propertyOverrides.put("spring.r2dbc.url",
                () -> "r2dbc:postgresql://127.0.0.1:" + postgresProxy.port() + "/" + database.name());
        registry.add("stagedoor.http.request-deadline", () -> "PT3S");
    }

    @AfterAll
    static void closeProxy() {
        postgresProxy.close();
    }

    @Test
    void aSignedInUsersJoinNeedsNoPostgres() {
        database.execute("INSERT INTO concert.concerts (id, title) VALUES (4242, 'no postgres') ON CONFLICT DO NOTHING");
        SignedIn first = signUp();
        SignedIn second = signUp();
        join(first).expectStatus().isCreated(); // the concert's existence is now remembered

        postgresProxy.cut();
        try {
            join(second).expectStatus().isCreated()
                    .expectBody().jsonPath("$.userId").isEqualTo(second.userId());
            as(second).get().uri("/api/v1/users/{id}/balance", second.userId()).exchange()
                    .expectStatus().isEqualTo(503); // what does need PostgreSQL still says so
        } finally {
            postgresProxy.restore();
        }
    }

    private WebTestClient.ResponseSpec join(SignedIn user) {
        return as(user).post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("concertId", 4242)).exchange();
    }
}
