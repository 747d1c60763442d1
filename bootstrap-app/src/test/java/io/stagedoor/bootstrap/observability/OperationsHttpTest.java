package io.stagedoor.bootstrap.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.r2dbc.pool.ConnectionPool;
import io.stagedoor.bootstrap.payment.PaymentJourney;
import io.stagedoor.bootstrap.payment.PaymentJourney.Answer;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.bootstrap.support.TestSigningKey;
import io.stagedoor.bootstrap.web.RequestIds;
import io.stagedoor.testsupport.Polling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator gets from a running app, through HTTP against real servers: the Prometheus scrape on the management
 * port (and only there) after a booking journey, HTTP metrics by route pattern for every kind of route, probes and
 * actuator without a bearer, request ids in responses, problems (identity's refusals too) and logs, no secret in any
 * log line (passwords, access tokens and the signing key included), the alert rules and the live scrape accepted by
 * promtool, and nothing of tracing on any path while it is off. JSON logs and exported traces are in
 * {@link TracingAndJsonLogsHttpTest}.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"stagedoor.queue.tick=PT0.1S", "stagedoor.queue.redis-timeout=PT5S",
        "stagedoor.metrics.dependency-check=PT0.5S", "logging.level.io.stagedoor=DEBUG",
        "logging.level.org.springframework.security=DEBUG"})
class OperationsHttpTest extends StagedoorAppTest {

    static final Path RULES = Path.of("..", "docs", "ops", "stagedoor-alerts.yaml");
    static final Path DASHBOARD = Path.of("..", "docs", "ops", "stagedoor-dashboard.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private ApplicationContext context;

    private PaymentJourney journey;

    @BeforeEach
    void journey() {
        journey = new PaymentJourney(client);
    }

    @Test
    void aBookingJourneyShowsAsCounterIncrementsAndGaugeValuesInTheScrape() throws Exception {
        Scrape before = scrape();
        PaymentJourney.Concert concert = journey.createConcert("Metrics journey");
        String concertLabel = Long.toString(concert.concertId());
        long scheduleId = concert.firstSchedule();
        long buyer = journey.createUser("Buyer");
        long broke = journey.createUser("Broke");
        journey.charge(buyer, PaymentJourney.PRICE);
        String buyerToken = journey.activeToken(buyer, concert.concertId());
        String brokeToken = journey.activeToken(broke, concert.concertId());

        long paid = journey.heldReservation(buyerToken, scheduleId, 1);
        assertThat(journey.hold(brokeToken, scheduleId, 1).status()).isEqualTo(409); // SEAT_UNAVAILABLE
        long cancelled = journey.heldReservation(buyerToken, scheduleId, 2);
        assertThat(PaymentJourney.send(journey.as(buyer).delete().uri("/api/v1/reservations/{id}", cancelled)
                .header("Queue-Token", buyerToken)).status()).isEqualTo(200);
        long unaffordable = journey.heldReservation(brokeToken, scheduleId, 3);
        assertThat(journey.pay(buyerToken, paid, "metrics-order-1").status()).isEqualTo(201);
        assertThat(journey.pay(brokeToken, unaffordable, null).status()).isEqualTo(409); // INSUFFICIENT_BALANCE
        // the payment spent the buyer's token; a retry with the same key on a new admission replays the payment
        String buyerSecondToken = journey.activeToken(buyer, concert.concertId());
        assertThat(journey.pay(buyerSecondToken, paid, "metrics-order-1").status()).isEqualTo(201);
        tuneRoom(concert.concertId(), "{\"admissionsPerMinute\": 2999}", "metrics-tune");

        // the gauges follow the next admission round: nobody waits, the broke fan and the buyer's new session run
        assertThat(Polling.within(Duration.ofSeconds(20), Duration.ofMillis(100), () -> {
            Scrape now = scrape();
            return now.sum("stagedoor_queue_waiting", Map.of("concert", concertLabel)) == 0
                    && now.sum("stagedoor_queue_active", Map.of("concert", concertLabel)) == 2;
        })).as("waiting 0 and active 2 for concert %s in:%n%s", concertLabel, scrape().text()).isTrue();
        Scrape after = scrape();

        assertThat(after.sum("stagedoor_queue_admitted_total", Map.of("concert", concertLabel))).isEqualTo(3);
        assertThat(after.sum("stagedoor_queue_abandoned_total", Map.of("concert", concertLabel))).isZero();
        assertIncrease(before, after, "stagedoor_holds_total", Map.of("outcome", "held"), 3);
        assertIncrease(before, after, "stagedoor_holds_total", Map.of("outcome", "unavailable"), 1);
        assertIncrease(before, after, "stagedoor_holds_total", Map.of("outcome", "cancelled"), 1);
        assertIncrease(before, after, "stagedoor_holds_total", Map.of("outcome", "limit"), 0);
        assertIncrease(before, after, "stagedoor_payments_total", Map.of("outcome", "completed"), 1);
        assertIncrease(before, after, "stagedoor_payments_total", Map.of("outcome", "replayed"), 1);
        assertIncrease(before, after, "stagedoor_payments_total",
                Map.of("outcome", "refused", "code", "INSUFFICIENT_BALANCE"), 1);
        assertIncrease(before, after, "stagedoor_payments_total", Map.of("outcome", "failed"), 0);
        assertThat(after.sum("stagedoor_payment_batch_size_count") - before.sum("stagedoor_payment_batch_size_count"))
                .as("batch transactions started").isGreaterThanOrEqualTo(1);
        assertIncrease(before, after, "stagedoor_operator_changes_total", Map.of("change", "concert_created"), 1);
        assertIncrease(before, after, "stagedoor_operator_changes_total", Map.of("change", "room_settings"), 1);
        assertIncrease(before, after, "http_server_requests_seconds_count",
                Map.of("method", "POST", "uri", "/api/v1/reservations", "status", "201"), 3);
        assertIncrease(before, after, "http_server_requests_seconds_count",
                Map.of("method", "DELETE", "uri", "/api/v1/reservations/{reservationId}", "status", "200"), 1);
        assertIncrease(before, after, "http_server_requests_seconds_count",
                Map.of("method", "POST", "uri", "/api/v1/payments", "status", "409", "outcome", "CLIENT_ERROR"), 1);

        // no label carries a user, a token, a key or a raw path
        assertThat(after.text()).doesNotContain(buyerToken, brokeToken, buyerSecondToken, "metrics-order-1");
        assertNoRawPath(after);
        assertThat(after.series()).allSatisfy(series -> assertThat(series.labels().keySet())
                .as("labels of %s", series.name()).doesNotContain("user", "userId", "token", "user_id"));
    }

    @Test
    void dependencyAndBreakerGaugesShowPostgresAndRedisUpAndTheBreakerClosed() throws Exception {
        assertThat(Polling.within(Duration.ofSeconds(20), Duration.ofMillis(100), () -> {
            Scrape now = scrape();
            return now.sum("stagedoor_dependency_up", Map.of("dependency", "postgres")) == 1
                    && now.sum("stagedoor_dependency_up", Map.of("dependency", "redis")) == 1;
        })).as("both dependencies up in:%n%s", scrape().text()).isTrue();
        Scrape now = scrape();
        assertThat(now.sum("resilience4j_circuitbreaker_state", Map.of("name", "queue-redis", "state", "closed"))).isEqualTo(1);
        assertThat(now.sum("resilience4j_circuitbreaker_state", Map.of("name", "queue-redis", "state", "open"))).isZero();
    }

    @Test
    void anOpenEventStreamIsCountedUntilItEnds() throws Exception {
        PaymentJourney.Concert concert = journey.createConcert("Streams");
        tuneRoom(concert.concertId(), "{\"paused\": true}", "streams-pause"); // the fan stays WAITING, the stream open
        Answer joined = journey.join(journey.createUser("Streamer"), concert.concertId());
        String token = joined.json().get("token").asString();
        double before = scrape().sum("stagedoor_sse_streams");

        Disposable stream = client.get().uri("/api/v1/queue/events").header("Queue-Token", token)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .returnResult(String.class).getResponseBody().subscribe();
        try {
            assertThat(Polling.within(Duration.ofSeconds(20), Duration.ofMillis(100),
                    () -> scrape().sum("stagedoor_sse_streams") == before + 1)).as("the stream is counted").isTrue();
        } finally {
            stream.dispose();
        }
        assertThat(Polling.within(Duration.ofSeconds(20), Duration.ofMillis(100),
                () -> scrape().sum("stagedoor_sse_streams") == before)).as("the closed stream is no longer counted").isTrue();
        assertThat(scrape().sum("stagedoor_sse_streams_max")).as("the default cap").isEqualTo(10_000);
    }

    @Test
    void theManagementPortIsNotReachableThroughThePublicPort() {
        assertThat(managementPort).isNotEqualTo(port);
        for (String path : List.of("/actuator", "/actuator/prometheus", "/actuator/health", "/actuator/info")) {
            client.get().uri(path).exchange().expectStatus().isNotFound();
        }
        managementClient().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("stagedoor_holds_total"));
        // what Kubernetes probes on the public port says only whether the app lives and is ready
        for (String probe : List.of("/livez", "/readyz")) {
            client.get().uri(probe).exchange().expectStatus().isOk()
                    .expectBody(Map.class).value(body -> assertThat(body).as("only its status").containsOnlyKeys("status"));
        }
        managementClient().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        managementClient().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void theRequestIdIsInTheResponseTheProblemBodyAndTheLog(CapturedOutput output) throws Exception {
        // the client's well-formed id is kept, on a refused request too
        client.get().uri("/api/v1/reservations/1").header("X-Request-Id", "ops-test-0001").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("X-Request-Id", "ops-test-0001")
                .expectBody().jsonPath("$.requestId").isEqualTo("ops-test-0001");
        // a malformed one (a space, a line break, too long) is replaced by a fresh id, the same in header and body
        for (String malformed : List.of("has space", "line\tbreak", "x".repeat(65))) {
            var answer = client.get().uri("/api/v1/reservations/1").header("X-Request-Id", malformed).exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody(String.class).returnResult();
            String id = answer.getResponseHeaders().getFirst("X-Request-Id");
            assertThat(id).matches("[0-9a-f]{32}");
            assertThat(JSON.readTree(answer.getResponseBody()).get("requestId").asString()).isEqualTo(id);
        }
        // a request without one gets one too
        client.get().uri("/api/v1/concerts").exchange()
                .expectHeader().value("X-Request-Id", id -> assertThat(id).matches("[0-9a-f]{32}"));
        // and every log line the request writes carries it, whichever thread writes it
        PaymentJourney.Concert concert = journey.createConcert("Request ids");
        tuneRoom(concert.concertId(), "{\"activeCapacity\": 321}", "ops-audit-0042");
        assertThat(Polling.within(Duration.ofSeconds(10), Duration.ofMillis(50),
                () -> auditLine(output, "ops-audit-0042") != null)).as("audit line in:%n%s", output).isTrue();
        assertThat(auditLine(output, "ops-audit-0042")).contains("activeCapacity 1000 -> 321");
    }

    @Test
    void noTokenPasswordKeyOrIdempotencyKeyEverReachesALogLine(CapturedOutput output) {
        String password = "pw-never-logged-4471";
        String wrongPassword = "wrong-pw-never-logged-4471";
        String garbageBearer = "eyJhbGciOiJub25lIn0.bearer-never-logged-4471.sig";
        String wrongAdminKey = "admin-key-never-logged-4471";
        String idempotencyKey = "idem-never-logged-4471";
        String forgedToken = "1.1.forged-token-never-logged-4471";
        List<String> secrets = new ArrayList<>(List.of(password, wrongPassword, garbageBearer, wrongAdminKey, ADMIN_KEY,
                idempotencyKey, forgedToken));

        PaymentJourney.Concert concert = journey.createConcert("Secrets");
        long scheduleId = concert.firstSchedule();
        // sign-up refused for a garbage bearer, then done; sign-in with the right and with a wrong password
        assertThat(PaymentJourney.send(client.post().uri("/api/v1/users")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + garbageBearer).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Secretive", "password", password))).status()).isEqualTo(401);
        Answer signedUp = PaymentJourney.send(client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Secretive", "password", password)));
        assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
        long secretive = signedUp.json().get("userId").asLong();
        SignedIn signedIn = signIn(client, secretive, password);
        secrets.add(signedIn.accessToken());
        assertThat(PaymentJourney.send(client.post().uri("/api/v1/auth/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("userId", secretive, "password", wrongPassword))).status()).isEqualTo(401);
        // a valid bearer on a user route; bearers the check refuses: garbage, expired, signed by a key it never knew
        as(signedIn).get().uri("/api/v1/users/{id}/balance", secretive).exchange().expectStatus().isOk();
        String expired = SIGNING_KEY.accessToken(ISSUER, secretive, Duration.ofMinutes(-5));
        String stranger = TestSigningKey.generate().accessToken(ISSUER, secretive, Duration.ofMinutes(5));
        secrets.addAll(List.of(expired, stranger));
        for (String refused : List.of(garbageBearer, expired, stranger)) {
            client.get().uri("/api/v1/users/{id}/balance", secretive).header(HttpHeaders.AUTHORIZATION, "Bearer " + refused)
                    .exchange().expectStatus().isUnauthorized();
        }

        long fan = journey.createUser("Fan");
        secrets.add(journey.accessTokenOf(fan));
        journey.charge(fan, PaymentJourney.PRICE);
        String token = journey.activeToken(fan, concert.concertId());
        secrets.add(token);
        // gated calls with the right Queue-Token, a forged one; the status poll with a forged one and a garbage bearer
        journey.get("/api/v1/concerts/" + concert.concertId() + "/schedules", token);
        PaymentJourney.send(journey.as(fan).get().uri("/api/v1/concerts/{id}/schedules", concert.concertId())
                .header("Queue-Token", forgedToken));
        PaymentJourney.send(client.get().uri("/api/v1/queue/status").header("Queue-Token", forgedToken)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + garbageBearer));
        client.get().uri("/api/v1/queue/events?token={token}", forgedToken).exchange().expectStatus().isUnauthorized();
        // operators' routes with a wrong and the right Admin-Key
        PaymentJourney.send(client.get().uri("/api/v1/admin/queues/{id}", concert.concertId()).header("Admin-Key", wrongAdminKey));
        tuneRoom(concert.concertId(), "{\"sessionSeconds\": 900}", "secrets-tune");
        // payments with a key: refused (unknown reservation) and replayed, paid and replayed, a key reused
        assertThat(journey.pay(token, 999_999, idempotencyKey).status()).isEqualTo(404);
        assertThat(journey.pay(token, 999_999, idempotencyKey).status()).isEqualTo(404); // the refusal replayed
        long reservation = journey.heldReservation(token, scheduleId, 5);
        assertThat(journey.pay(token, reservation, "another-key-4471").status()).isEqualTo(201);
        secrets.add("another-key-4471");
        String second = journey.activeToken(fan, concert.concertId());
        secrets.add(second);
        assertThat(journey.pay(second, reservation, "another-key-4471").status()).isEqualTo(201); // replay
        assertThat(journey.pay(second, reservation + 1, "another-key-4471").status()).isEqualTo(422); // key reused

        String logs = output.getAll();
        assertThat(logs).as("the app's start and the requests above wrote log lines")
                .contains("Started " + getClass().getSimpleName(), "secrets-tune");
        for (String secret : secrets) {
            assertThat(logs).as("log output").doesNotContain(secret);
            if (secret.startsWith("eyJ")) { // a JWT: not even its signature alone
                assertThat(logs).as("log output").doesNotContain(secret.substring(secret.lastIndexOf('.') + 1));
            }
        }
        // nor the key that signs access tokens, from the app's start on
        SIGNING_KEY.privatePem().lines().filter(line -> !line.startsWith("-----") && line.length() >= 32)
                .forEach(keyLine -> assertThat(logs).as("log output").doesNotContain(keyLine));
    }

    @Test
    void probesAndTheManagementPortNeedNoBearerAndIgnoreAForeignOne() {
        // Kubernetes probes send no bearer; a Prometheus in a cluster often sends its own service-account token
        String foreign = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6bW9uaXRvcmluZyJ9.c2ln";
        for (String path : List.of("/livez", "/readyz")) {
            client.get().uri(path).exchange().expectStatus().isOk();
            client.get().uri(path).header(HttpHeaders.AUTHORIZATION, foreign).exchange().expectStatus().isOk();
        }
        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/health/liveness",
                "/actuator/health/readiness", "/actuator/info")) {
            managementClient().get().uri(path).exchange().expectStatus().isOk();
            managementClient().get().uri(path).header(HttpHeaders.AUTHORIZATION, foreign).exchange().expectStatus().isOk();
        }
    }

    @Test
    void theRequestIdAndTheHttpMeterRunBeforeTheBearerCheck() {
        List<String> filters = context.getBeanProvider(WebFilter.class).orderedStream()
                .map(filter -> filter.getClass().getSimpleName()).toList();
        assertThat(filters).contains("RequestIdFilter", "HttpServerMeter", "BearerCheck");
        assertThat(filters.indexOf("RequestIdFilter")).as("in %s", filters).isLessThan(filters.indexOf("BearerCheck"));
        assertThat(filters.indexOf("HttpServerMeter")).as("in %s", filters).isLessThan(filters.indexOf("BearerCheck"));
    }

    @Test
    void identityRefusalsCarryTheRequestIdOfTheirRequest() {
        SignedIn owner = signUp();
        SignedIn other = signUp();
        String balance = "/api/v1/users/" + owner.userId() + "/balance";
        // refused by the bearer check itself, a filter in front of every route: the id was given before it ran
        expectProblem(client.get().uri(balance).header(HttpHeaders.AUTHORIZATION, "Bearer not.a.token"),
                "ids-bearer-0001", 401, "UNAUTHENTICATED");
        // refused by the routes: no bearer at all, another user's path, another user's Queue-Token
        expectProblem(client.get().uri(balance), "ids-bearer-0002", 401, "UNAUTHENTICATED");
        expectProblem(as(other).get().uri(balance), "ids-bearer-0003", 403, "FORBIDDEN");
        PaymentJourney.Concert concert = journey.createConcert("Refusals");
        String ownersToken = journey.activeToken(journey.createUser("Token owner"), concert.concertId());
        expectProblem(as(other).get().uri("/api/v1/concerts/{id}/schedules", concert.concertId())
                .header("Queue-Token", ownersToken), "ids-bearer-0004", 403, "FORBIDDEN");
    }

    @Test
    void httpMetricsTagEveryKindOfRouteByItsPattern() {
        Scrape before = scrape();
        PaymentJourney.Concert concert = journey.createConcert("Route tags");               // admin route
        long fan = journey.createUser("Tagged");                                           // sign-up, sign-in
        assertThat(journey.getAs(fan, "/api/v1/users/" + fan + "/balance").status()).isEqualTo(200); // user route
        String token = journey.activeToken(fan, concert.concertId());                      // join, status poll
        assertThat(journey.get("/api/v1/concerts/" + concert.concertId() + "/schedules", token).status())
                .isEqualTo(200);                                                           // gated route
        assertThat(PaymentJourney.send(client.get().uri("/api/v1/auth/jwks")).status()).isEqualTo(200);
        // refused by a route (no bearer), and by the bearer check before any route matched
        assertThat(PaymentJourney.send(client.get().uri("/api/v1/users/{id}/balance", fan)).status()).isEqualTo(401);
        assertThat(PaymentJourney.send(client.get().uri("/api/v1/users/{id}/balance", fan)
                .header(HttpHeaders.AUTHORIZATION, "Bearer not.a.token")).status()).isEqualTo(401);
        Scrape after = scrape();

        String requests = "http_server_requests_seconds_count";
        assertIncrease(before, after, requests, Map.of("method", "POST", "uri", "/api/v1/admin/concerts", "status", "201"), 1);
        assertIncrease(before, after, requests, Map.of("method", "POST", "uri", "/api/v1/users", "status", "201"), 1);
        assertIncrease(before, after, requests, Map.of("method", "POST", "uri", "/api/v1/auth/tokens", "status", "200"), 1);
        assertIncrease(before, after, requests, Map.of("method", "GET", "uri", "/api/v1/auth/jwks", "status", "200"), 1);
        assertIncrease(before, after, requests,
                Map.of("method", "GET", "uri", "/api/v1/users/{userId}/balance", "status", "200"), 1);
        assertIncrease(before, after, requests,
                Map.of("method", "GET", "uri", "/api/v1/users/{userId}/balance", "status", "401"), 1);
        assertIncrease(before, after, requests, Map.of("method", "POST", "uri", "/api/v1/queue/tokens", "status", "201"), 1);
        assertThat(after.sum(requests, Map.of("method", "GET", "uri", "/api/v1/queue/status", "status", "200"))
                - before.sum(requests, Map.of("method", "GET", "uri", "/api/v1/queue/status", "status", "200")))
                .as("status polls").isGreaterThanOrEqualTo(1);
        assertIncrease(before, after, requests,
                Map.of("method", "GET", "uri", "/api/v1/concerts/{concertId}/schedules", "status", "200"), 1);
        assertIncrease(before, after, requests, Map.of("method", "GET", "uri", "UNKNOWN", "status", "401"), 1);
        assertNoRawPath(after);
    }

    @Test
    void promtoolAcceptsTheAlertRulesAndTheLiveScrape() throws Exception {
        journey.join(journey.createUser("Promtool"), journey.createConcert("Promtool").concertId());
        Result rules = promtool(null, "check", "rules", RULES.toAbsolutePath().toString());
        assertThat(rules.exitCode()).as(rules.output()).isZero();
        assertThat(rules.output()).contains("SUCCESS");

        Result metrics = promtool(scrape().text(), "check", "metrics");
        assertThat(metrics.exitCode()).as(metrics.output()).isZero();
        assertThat(metrics.output()).as("promtool's lint findings").isBlank();
    }

    @Test
    void theDashboardAndTheAlertRulesUseOnlyMetricsTheAppExports() throws Exception {
        PaymentJourney.Concert concert = journey.createConcert("Names");
        journey.join(journey.createUser("Names"), concert.concertId());
        assertThat(Polling.within(Duration.ofSeconds(20), Duration.ofMillis(100),
                () -> scrape().has("stagedoor_queue_waiting", Map.of("concert", Long.toString(concert.concertId())))))
                .isTrue();
        Set<String> exported = scrape().names();

        Set<String> used = new TreeSet<>();
        used.addAll(metricNames(Files.readString(RULES)));
        JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
        dashboard.get("panels").valueStream()
                .filter(panel -> panel.has("targets"))
                .flatMap(panel -> panel.get("targets").valueStream())
                .forEach(target -> used.addAll(metricNames(target.get("expr").asString())));

        assertThat(used).contains("stagedoor_queue_waiting", "stagedoor_queue_admitted_total", "stagedoor_payments_total",
                "resilience4j_circuitbreaker_state", "stagedoor_dependency_up", "stagedoor_sse_streams_max",
                "http_server_requests_seconds_bucket");
        assertThat(exported).containsAll(used);
    }

    @Test
    void withoutATracingEndpointNoSpanMachinerySitsOnAnyPath() {
        assertThat(context.getBeanNamesForType(io.micrometer.tracing.handler.TracingObservationHandler.class)).isEmpty();
        assertThat(context.getBeanNamesForType(io.opentelemetry.sdk.trace.SdkTracerProvider.class)).isEmpty();
        // under the pool: the fail-over watchdog's factory (UnansweredConnections), then the driver's, no r2dbc-proxy
        io.r2dbc.spi.ConnectionFactory factory = context.getBean(ConnectionPool.class).unwrap();
        while (factory instanceof io.r2dbc.spi.Wrapped<?> wrapped && wrapped.unwrap() instanceof io.r2dbc.spi.ConnectionFactory inner) {
            assertThat(factory.getClass().getName()).doesNotContain("Proxy");
            factory = inner;
        }
        assertThat(factory.getClass().getName())
                .as("the pool's connection factory is the driver's, not an r2dbc-proxy")
                .doesNotContain("Proxy").startsWith("io.r2dbc.postgresql");
        assertThat(context.getBean(io.micrometer.tracing.Tracer.class)).isSameAs(io.micrometer.tracing.Tracer.NOOP);
        assertThat(context.getBeansOfType(HttpServerMeter.class)).hasSize(1);
        // the request id crosses threads with a request's work, the (untraced) observation does not
        assertThat(context.getBean(ObservationPropagation.class).carried()).isFalse();
        assertThat(ContextRegistry.getInstance().getThreadLocalAccessors()).extracting(ThreadLocalAccessor::key)
                .contains(io.stagedoor.bootstrap.web.RequestIds.ATTRIBUTE)
                .doesNotContain(ObservationThreadLocalAccessor.KEY);
    }

    // ----------------------------------------------------------------------------------------------------------------

    private Scrape scrape() {
        String text = managementClient().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return Scrape.of(text);
    }

    private static void assertIncrease(Scrape before, Scrape after, String name, Map<String, String> labels, double by) {
        assertThat(after.sum(name, labels) - before.sum(name, labels)).as("increase of %s%s", name, labels).isEqualTo(by);
    }

    private static void assertNoRawPath(Scrape scrape) {
        assertThat(scrape.labelValues("uri")).allSatisfy(uri ->
                assertThat(uri).as("uri label").doesNotContainPattern("/\\d+(/|$)"));
    }

    /** The request, sent with {@code requestId}, is refused with a problem that carries that id, as does its header. */
    private static void expectProblem(WebTestClient.RequestHeadersSpec<?> request, String requestId, int status, String code) {
        request.header(RequestIds.HEADER, requestId).exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().valueEquals(RequestIds.HEADER, requestId)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo(code)
                .jsonPath("$.requestId").isEqualTo(requestId);
    }

    private void tuneRoom(long concertId, String settings, String requestId) {
        client.put().uri("/api/v1/admin/queues/{id}", concertId).header("Admin-Key", ADMIN_KEY)
                .header("X-Request-Id", requestId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(settings).exchange()
                .expectStatus().isOk();
    }

    private static String auditLine(CapturedOutput output, String requestId) {
        return output.getAll().lines()
                .filter(line -> line.contains("Operator changed the waiting room") && line.contains(requestId))
                .findFirst().orElse(null);
    }

    private static final Pattern METRIC = Pattern.compile(
            "\\b(stagedoor_[a-z_]+|http_server_requests_seconds_[a-z]+|resilience4j_circuitbreaker_[a-z_]+)\\b");

    static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    record Result(int exitCode, String output) {
    }

    static Result promtool(String stdin, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("promtool");
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException missing) {
            throw new AssertionError("promtool is needed (Debian: apt-get install --no-install-recommends prometheus)",
                    missing);
        }
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
