package io.stagedoor.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Hostile input through the running app: oversized bodies, duplicate keys, names that reorder the text around them,
 * slow clients. Each is a 4xx problem (or a cut connection) that changes nothing, and no answer names a Java type.
 */
class HostileInputHttpTest extends StagedoorAppTest {

    @DynamicPropertySource
    static void shortTimeouts(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.http.request-read-timeout", () -> "PT2S");
        registry.add("stagedoor.http.idle-timeout", () -> "PT2S");
    }

    private WebTestClient.ResponseSpec charge(SignedIn user, String body) {
        return as(user).post().uri("/api/v1/users/{id}/balance/charges", user.userId())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private long balance(SignedIn user) {
        return database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + user.userId());
    }

    @Test
    void aTwoMegabyteBodyIsPayloadTooLargeAndChangesNothing() {
        SignedIn user = signUp();
        String huge = "{\"amount\": 1, \"pad\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";

        charge(user, huge).expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(balance(user)).isZero();
    }

    @Test
    void aChunkedBodyPastTheLimitIsPayloadTooLargeOrCutAndStoresNothing() throws IOException {
        long before = database.queryForLong("SELECT count(*) FROM account.users");
        String body = "{\"name\": \"" + "x".repeat(64 * 1024) + "\", \"password\": \"" + PASSWORD + "\"}";
        String response = rawRequest("POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");

        // the server answers 413 as soon as the limit is buffered and closes; the rest of the body still in flight may
        // make the client's socket see a reset before it reads that answer
        assertThat(response).satisfiesAnyOf(
                answer -> assertThat(answer).startsWith("HTTP/1.1 413").contains("PAYLOAD_TOO_LARGE"),
                answer -> assertThat(answer).isEqualTo("reset"));
        assertThat(database.queryForLong("SELECT count(*) FROM account.users")).isEqualTo(before);
    }

    @Test
    void aKeyGivenTwiceIsInvalidRequestAndChargesNothing() {
        SignedIn user = signUp();

        charge(user, "{\"amount\": 1, \"amount\": 5000000}").expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.code").isEqualTo("INVALID_REQUEST")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("amount"));
        assertThat(balance(user)).isZero();
    }

    @Test
    void namesWithBidiOverridesControlsOrUnpairedSurrogatesAreRefusedAndStoreNothing() {
        long before = database.queryForLong("SELECT count(*) FROM account.users");
        for (String name : new String[] {"Kim\u202Egnp.exe", "Kim\u2066x\u2069", "Kim\u0007", "Kim\\ud800x"}) {
            client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"name\": \"" + name + "\", \"password\": \"" + PASSWORD + "\"}")
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        }
        assertThat(database.queryForLong("SELECT count(*) FROM account.users")).isEqualTo(before);
    }

    @Test
    void noErrorDetailNamesAJavaType() {
        SignedIn user = signUp();
        for (String body : new String[] {"[1, 2]", "{\"amount\": \"lots\"}", "{\"amount\": {\"x\": 1}}", "\"text\"",
                "{\"amount\": 1", "{\"amount\": true}"}) {
            String problem = charge(user, body).expectStatus().isBadRequest()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(problem).as(body)
                    .doesNotContainPattern("java\\.|\\$[A-Z]|Request\\b|`")
                    .contains("INVALID_REQUEST");
        }
        Map<?, ?> problem = client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[\"not\", \"an object\"]").exchange()
                .expectStatus().isBadRequest().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((String) problem.get("detail")).doesNotContain("java.", "$", "`");
    }

    @Test
    void aSlowBodyIsCutWithinTheReadTimeout() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"name\": ").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();

            boolean cut = waitForCut(socket, out, Duration.ofSeconds(8));

            assertThat(cut).as("connection cut").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void halfSentHeadersAreCutWithinTheIdleTimeout() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/v1/concerts HTTP/1.1\r\nHost: local".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();

            boolean cut = waitForCut(socket, out, Duration.ofSeconds(8));

            assertThat(cut).as("connection cut").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        }
    }

    /** Reads until the server closes (or answers and closes); false if it is still open after {@code within}. */
    private static boolean waitForCut(Socket socket, OutputStream out, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        InputStream in = socket.getInputStream();
        socket.setSoTimeout(250);
        byte[] buffer = new byte[4096];
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (java.net.SocketTimeoutException stillOpen) {
                // nothing yet
            } catch (SocketException reset) {
                return true;
            }
        }
        return false;
    }

    private String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketException reset) {
            return "reset";
        }
    }
}
