package io.stagedoor.bootstrap.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.observability.OtlpCollector.ReceivedSpan;
import io.stagedoor.bootstrap.payment.PaymentJourney;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Polling;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Hooks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app with {@code STAGEDOOR_LOG_FORMAT=json} and a tracing endpoint (a stand-in OTLP collector on loopback): a
 * payment's trace holds its batch transaction and the concert, account and payment statements that ran in it, and
 * JSON log lines carry the request id and the trace id.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"stagedoor.log-format=json", "management.tracing.sampling.probability=1.0",
        "management.opentelemetry.tracing.export.schedule-delay=100ms", "stagedoor.queue.tick=PT0.1S",
        "stagedoor.queue.redis-timeout=PT5S"})
class TracingAndJsonLogsHttpTest extends StagedoorAppTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ENDPOINT = "stagedoor.tracing.endpoint";
    private static final OtlpCollector collector = OtlpCollector.start();

    static {
        // the switch is read before the context's own property sources exist (ObservabilitySwitches runs with the
        // environment post-processors), so the collector's port reaches it as a system property, removed after the class
        System.setProperty(ENDPOINT, collector.tracesEndpoint());
    }

    /**
     * Leaves the JVM as the next test class expects it: Spring Boot keeps the structured log format in a system property
     * that only an absent value overwrites, and tracing turned Reactor's automatic context propagation on for the JVM.
     */
    @AfterAll
    static void stopCollectorAndPlainLogsAgain() {
        System.clearProperty(ENDPOINT);
        System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
        Hooks.disableAutomaticContextPropagation();
        collector.close();
    }

    @Test
    void aPaymentsTraceShowsItsBatchTransactionAndTheStatementsOfEachModuleInIt() throws Exception {
        PaymentJourney journey = new PaymentJourney(client);
        PaymentJourney.Concert concert = journey.createConcert("Traced");
        long fan = journey.createUser("Traced fan");
        journey.charge(fan, PaymentJourney.PRICE);
        String token = journey.activeToken(fan, concert.concertId());
        long reservation = journey.heldReservation(token, concert.firstSchedule(), 1);
        assertThat(journey.pay(token, reservation, "traced-order").status()).isEqualTo(201);

        assertThat(Polling.within(Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> paymentTrace().flatMap(spans -> transaction(spans)).isPresent()))
                .as("a payment trace with its transaction among %s", collector.spans()).isTrue();
        List<ReceivedSpan> trace = paymentTrace().orElseThrow();
        ReceivedSpan request = trace.stream().filter(span -> span.name().equals("http post /api/v1/payments"))
                .findFirst().orElseThrow();
        ReceivedSpan transaction = transaction(trace).orElseThrow();
        assertThat(ancestors(transaction, trace)).as("the transaction hangs under the payment request").contains(request);

        // the statements the transaction ran, children of it, in every module's schema
        assertThat(Polling.within(Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> statementsUnder(transaction).size() >= 3)).as("statements under %s", transaction).isTrue();
        String statements = String.join("\n", statementsUnder(transaction));
        assertThat(statements).contains("concert.", "account.", "payment.");
        assertThat(statements).as("no parameter values in spans").doesNotContain("traced-order");
        assertThat(collector.contentTypes()).allSatisfy(type -> assertThat(type).contains("protobuf"));
    }

    @Test
    void jsonLogLinesCarryTheRequestIdAndTheTraceId(CapturedOutput output) throws Exception {
        long concertId = new PaymentJourney(client).createConcert("Json logs").concertId();
        client.put().uri("/api/v1/admin/queues/{id}", concertId).header("Admin-Key", ADMIN_KEY)
                .header("X-Request-Id", "json-audit-0007")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"admissionsPerMinute\": 1234}").exchange()
                .expectStatus().isOk();

        assertThat(Polling.within(Duration.ofSeconds(10), Duration.ofMillis(50), () -> auditEvent(output).isPresent()))
                .as("a JSON audit event in:%n%s", output).isTrue();
        JsonNode event = auditEvent(output).orElseThrow();
        assertThat(event.get("requestId").asString()).isEqualTo("json-audit-0007");
        assertThat(event.get("traceId").asString()).matches("[0-9a-f]{32}");
        assertThat(event.at("/log/level").asString()).isEqualTo("INFO");
        assertThat(event.at("/log/logger").asString()).isEqualTo(OperatorAudit.LOGGER);
        assertThat(event.at("/event/action").asString()).isEqualTo("room-settings-changed");
        assertThat(event.at("/concert/id").asLong()).isEqualTo(concertId);
        assertThat(event.at("/changes/admissionsPerMinute/from").asInt()).isEqualTo(3000);
        assertThat(event.at("/changes/admissionsPerMinute/to").asInt()).isEqualTo(1234);
        assertThat(event.has("@timestamp")).isTrue();
        // every line the app wrote meanwhile is JSON
        assertThat(output.getOut().lines().filter(line -> !line.isBlank()))
                .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
    }

    // ----------------------------------------------------------------------------------------------------------------

    /** The spans of the trace of the (one) payment request, once it was exported. */
    private static Optional<List<ReceivedSpan>> paymentTrace() {
        List<ReceivedSpan> spans = collector.spans();
        return spans.stream().filter(span -> span.name().equals("http post /api/v1/payments")).findFirst()
                .map(request -> spans.stream().filter(span -> span.traceId().equals(request.traceId())).toList());
    }

    private static Optional<ReceivedSpan> transaction(List<ReceivedSpan> trace) {
        return trace.stream().filter(span -> span.name().equals("payment batch transaction")).findFirst();
    }

    private static List<ReceivedSpan> ancestors(ReceivedSpan span, List<ReceivedSpan> trace) {
        Map<String, ReceivedSpan> byId = trace.stream().collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity()));
        List<ReceivedSpan> ancestors = new java.util.ArrayList<>();
        for (ReceivedSpan parent = byId.get(span.parentSpanId()); parent != null; parent = byId.get(parent.parentSpanId())) {
            ancestors.add(parent);
        }
        return ancestors;
    }

    /** Every attribute value of the spans whose parent is {@code transaction}: the statements' SQL among them. */
    private static List<String> statementsUnder(ReceivedSpan transaction) {
        return collector.spans().stream()
                .filter(span -> span.parentSpanId().equals(transaction.spanId()))
                .flatMap(span -> span.attributes().values().stream())
                .toList();
    }

    private static Optional<JsonNode> auditEvent(CapturedOutput output) {
        return output.getOut().lines()
                .filter(line -> line.startsWith("{") && line.contains("room-settings-changed"))
                .map(JSON::readTree)
                .filter(json -> "json-audit-0007".equals(json.path("requestId").asString(null)))
                .findFirst();
    }
}
