package io.stagedoor.bootstrap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.contract.OpenApiDocument.Operation;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code docs/openapi.yaml} honest: every operation it documents is served by the real app and answers only
 * what the document says (statuses, media types, headers, bodies, problem codes); every route the app serves under
 * the base path is documented; and every error code of docs/api.md's table is in the document.
 */
class OpenApiContractTest extends StagedoorAppTest {

    /** Surefire runs in the bootstrap-app module directory. */
    private static final Path DOCUMENT = Path.of("../docs/openapi.yaml");
    private static final Path API_MD = Path.of("../docs/api.md");
    private static final String PROBLEM_TYPE_BASE = "https://stagedoor.dev/problems/";
    private static final String HARMLESS_ID = "999999";
    private static final String MALFORMED_ID = "0";
    private static final String NOT_A_CREDENTIAL = "not-a-valid-credential";
    private static final String METHOD_NOT_ALLOWED_ROUTE = "io.stagedoor.bootstrap.web.MethodNotAllowedRoute";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What each kind of credential answers when it is missing or wrong (docs/api.md "Errors"). */
    private record Refusal(int status, String missingCode, String invalidCode) {
    }

    private static final Map<String, Refusal> REFUSALS = Map.of(
            "http bearer", new Refusal(401, "UNAUTHENTICATED", "UNAUTHENTICATED"),
            "header Queue-Token", new Refusal(401, "QUEUE_TOKEN_MISSING", "QUEUE_TOKEN_INVALID"),
            "header Admin-Key", new Refusal(403, "ADMIN_KEY_INVALID", "ADMIN_KEY_INVALID"));
    private static final String BEARER = "http bearer";

    private static OpenApiDocument document;
    private static SchemaValidator validator;

    @Autowired
    private RouterFunctionMapping routerFunctionMapping;

    /** Admission rounds every 100 ms so the journey's token is admitted quickly; a Redis timeout for a busy machine. */
    @DynamicPropertySource
    static void quickAdmission(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.queue.tick", () -> "PT0.1S");
        registry.add("stagedoor.queue.redis-timeout", () -> "PT5S");
    }

    @BeforeAll
    static void loadDocument() throws IOException {
        assertThat(DOCUMENT).as("the OpenAPI document, relative to bootstrap-app").isRegularFile();
        document = OpenApiDocument.load(DOCUMENT);
        validator = new SchemaValidator(document);
    }

    @Test
    void documentIsSelfConsistent() {
        List<String> problems = new ArrayList<>();
        assertThat(document.root().get("openapi")).as("OpenAPI version").asString().startsWith("3.1.");
        problems.addAll(document.unresolvableReferences().stream().map(ref -> "unresolvable $ref " + ref).toList());
        Set<String> ids = new LinkedHashSet<>();
        Set<String> codeEnum = document.problemCodeEnum();
        for (Operation operation : document.operations()) {
            if (!ids.add(operation.id())) {
                problems.add(operation + ": operationId used twice");
            }
            Set<String> declared = operation.parameters().stream().filter(p -> "path".equals(p.get("in")))
                    .map(p -> p.get("name").toString()).collect(Collectors.toCollection(TreeSet::new));
            if (!declared.equals(new TreeSet<>(operation.pathVariables()))) {
                problems.add(operation + ": path parameters " + declared + " but the template has " + operation.pathVariables());
            }
            for (String status : operation.documentedStatuses()) {
                int code = Integer.parseInt(status);
                Map<String, Object> response = operation.response(code).orElseThrow();
                boolean problemJson = OpenApiDocument.map(response.get("content")).containsKey(OpenApiDocument.PROBLEM_JSON);
                if (code >= 400 && !problemJson) {
                    problems.add(operation + " " + status + ": an error that is not application/problem+json");
                }
                if (problemJson) {
                    Set<String> codes = document.codesAdmittedBy(OpenApiDocument.map(OpenApiDocument.map(
                            OpenApiDocument.map(response.get("content")).get(OpenApiDocument.PROBLEM_JSON)).get("schema")));
                    if (codes == null || codes.isEmpty() || !codeEnum.containsAll(codes)) {
                        problems.add(operation + " " + status + ": problem codes must be a non-empty subset of ProblemCode, are " + codes);
                    }
                }
                OpenApiDocument.map(response.get("content")).forEach((mediaType, content) ->
                        checkExample(operation + " " + status + " " + mediaType, OpenApiDocument.map(content), problems));
            }
            OpenApiDocument.map(operation.requestBody().get("content")).forEach((mediaType, content) ->
                    checkExample(operation + " request " + mediaType, OpenApiDocument.map(content), problems));
        }
        assertThat(problems).as("inconsistencies in %s", DOCUMENT).isEmpty();
    }

    /**
     * Every documented operation, called on the running app with harmless ids, empty bodies and no, wrong (and for
     * operators and the signed-in user's own routes the right) credentials: the route exists (never 404 NOT_FOUND or
     * 405), the credential refusals are exactly those the security requirements promise (a wrong credential is sent
     * behind a valid bearer where the bearer is checked first), and every answer is documented for that operation.
     */
    @Test
    void everyDocumentedOperationIsServedAndAnswersOnlyWhatTheDocumentSays() {
        List<String> failures = new ArrayList<>();
        SignedIn prober = signUp();
        for (Operation operation : document.operations()) {
            Map<String, Map<String, Object>> schemes = operation.securitySchemes();
            List<Answer> answers = new ArrayList<>();

            Answer bare = probe(operation).send();
            answers.add(bare);
            if (schemes.isEmpty()) {
                REFUSALS.values().stream()
                        .filter(refusal -> bare.status() == refusal.status() && refusal.missingCode().equals(bare.code()))
                        .forEach(refusal -> failures.add(bare + ": the document says this operation is open, but it demands a credential"));
            } else {
                Refusal refusal = refusalFor(operation, schemes.values().iterator().next(), failures);
                if (refusal != null) {
                    expectProblem(bare, refusal.status(), refusal.missingCode(), failures);
                }
            }
            boolean bearer = schemes.values().stream().anyMatch(scheme -> BEARER.equals(schemeKey(scheme)));
            for (Map<String, Object> scheme : schemes.values()) {
                Refusal refusal = refusalFor(operation, scheme, failures);
                if (refusal != null) {
                    Call wrongCall = probe(operation).credential(scheme, NOT_A_CREDENTIAL);
                    if (bearer && !BEARER.equals(schemeKey(scheme))) {
                        wrongCall.as(prober);
                    }
                    Answer wrong = wrongCall.send();
                    answers.add(wrong);
                    expectProblem(wrong, refusal.status(), refusal.invalidCode(), failures);
                }
            }

            boolean admin = schemes.values().stream().anyMatch(scheme -> "Admin-Key".equals(scheme.get("name")));
            boolean ownRoute = bearer && schemes.size() == 1;
            boolean passable = schemes.isEmpty() || admin || ownRoute;
            if (passable) {
                List<Call> beyondTheGate = new ArrayList<>();
                if (admin || ownRoute) {
                    beyondTheGate.add(probe(operation));
                }
                if (!operation.pathVariables().isEmpty()) {
                    beyondTheGate.add(probe(operation).allPathVariables(MALFORMED_ID));
                }
                if (operation.hasRequestBody()) {
                    beyondTheGate.add(probe(operation).body(MediaType.TEXT_PLAIN, "not json"));
                    beyondTheGate.add(probe(operation).withoutBody());
                    beyondTheGate.add(probe(operation).json("{"));
                    beyondTheGate.add(probe(operation).json("[]"));
                }
                for (Call call : beyondTheGate) {
                    if (admin) {
                        call.header("Admin-Key", ADMIN_KEY);
                    }
                    if (ownRoute) {
                        call.as(prober);
                        if (operation.pathVariables().contains("userId") && !MALFORMED_ID.equals(call.pathValues.get("userId"))) {
                            call.path("userId", prober.userId());
                        }
                    }
                    Answer answer = call.send();
                    answers.add(answer);
                    if (answer.isProblem(403, "ADMIN_KEY_INVALID") || answer.isProblem(401, "QUEUE_TOKEN_MISSING")
                            || answer.isProblem(401, "UNAUTHENTICATED") || answer.isProblem(403, "FORBIDDEN")) {
                        failures.add(answer + ": refused a request that carries every credential the document asks for");
                    }
                }
            }

            for (Answer answer : answers) {
                if (answer.status() == 405 || answer.isProblem(404, "NOT_FOUND")) {
                    failures.add(answer + ": the route is not served");
                }
                if (answer.status() >= 500) {
                    failures.add(answer + ": a harmless request must not fail on the server");
                }
                if (answer.status() >= 400
                        && (answer.code() == null || !operation.problemCodes(answer.status()).contains(answer.code()))) {
                    failures.add(answer + ": not a problem+json whose code the document lists for "
                            + answer.status() + " (" + operation.problemCodes(answer.status()) + ")");
                }
                failures.addAll(undocumented(operation, answer));
            }
        }
        assertThat(failures).as("answers that contradict %s", DOCUMENT).isEmpty();
    }

    /**
     * Every operation that needs a bearer documents 401 UNAUTHENTICATED with its {@code WWW-Authenticate} challenge, and
     * 403 FORBIDDEN where the request can name another user (a path {userId}, a body userId, a Queue-Token); open
     * operations declare that they need nothing.
     */
    @Test
    void everyOperationThatNeedsABearerDocumentsUnauthenticatedAndForbidden() {
        List<String> missing = new ArrayList<>();
        for (Operation operation : document.operations()) {
            Map<String, Map<String, Object>> schemes = operation.securitySchemes();
            boolean bearer = schemes.values().stream().anyMatch(scheme -> BEARER.equals(schemeKey(scheme)));
            if (!bearer) {
                continue;
            }
            if (!operation.problemCodes(401).contains("UNAUTHENTICATED")) {
                missing.add(operation + ": 401 UNAUTHENTICATED");
            } else if (!OpenApiDocument.map(operation.response(401).orElseThrow().get("headers")).containsKey("WWW-Authenticate")) {
                missing.add(operation + ": the WWW-Authenticate header of 401");
            }
            if (!operation.problemCodes(403).contains("FORBIDDEN")) {
                missing.add(operation + ": 403 FORBIDDEN");
            }
        }
        assertThat(missing).as("answers missing from %s", DOCUMENT).isEmpty();
    }

    /** The document lists exactly the routes the app serves under its base path (no route missing, none invented). */
    @Test
    void everyRouteServedUnderTheBasePathIsDocumented() {
        ServedRoutes served = ServedRoutes.of(routerFunctionMapping.getRouterFunction());
        assertThat(served.notUnderstood()).as("routes this test cannot read").isEmpty();
        assertThat(served.opaque()).as("router functions that hide their routes").containsOnly(METHOD_NOT_ALLOWED_ROUTE);

        String base = document.basePath();
        Set<String> servedUnderBase = served.routes().stream()
                .filter(route -> route.substring(route.indexOf(' ') + 1).startsWith(base + "/"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = document.operations().stream()
                .map(operation -> operation.method() + " " + base + operation.path())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(servedUnderBase).as("routes served under %s vs. operations in %s", base, DOCUMENT)
                .containsExactlyInAnyOrderElementsOf(documented);
    }

    /**
     * Every code of the error table of the prose contract ({@code docs/api.md}) is in the document's Problem code enum
     * and documented, with the prose's status, by at least one operation.
     */
    @Test
    void everyErrorCodeOfTheProseContractIsDocumented() throws IOException {
        Path apiMd = API_MD;
        Map<String, Integer> table = errorTable(Files.readAllLines(apiMd, StandardCharsets.UTF_8));
        assertThat(table).as("error codes read from %s", apiMd).hasSizeGreaterThan(10);

        Set<String> codeEnum = document.problemCodeEnum();
        List<String> missing = new ArrayList<>();
        table.forEach((code, status) -> {
            if (!codeEnum.contains(code)) {
                missing.add(code + " is not in the ProblemCode enum");
            }
            boolean documented = document.operations().stream()
                    .anyMatch(operation -> operation.problemCodes(status).contains(code));
            if (!documented) {
                missing.add(code + " is not documented as " + status + " by any operation");
            }
        });
        assertThat(missing).as("%s error codes missing from %s", apiMd, DOCUMENT).isEmpty();
    }

    /**
     * A whole booking through the documented operations: every success (and the gate's 403s with a real token)
     * matches the document's status, media type, headers and schema, which list no field the app does not send.
     */
    @Test
    void answersAlongTheBookingJourneyMatchTheDocument() {
        long userId = id(expect(call("createUser").json("{\"name\": \"  Contract Fan  \", \"password\": \"" + PASSWORD + "\"}"), 201), "userId");
        expectProblem(call("signIn").json("{\"userId\": " + userId + ", \"password\": \"not the password\"}"), 401, "INVALID_CREDENTIALS");
        SignedIn fan = new SignedIn(userId, (String) expect(call("signIn")
                .json("{\"userId\": " + userId + ", \"password\": \"" + PASSWORD + "\"}"), 200).object().get("accessToken"));
        expect(call("getJwks"), 200);
        expect(call("chargeBalance").path("userId", userId).as(fan).header("Idempotency-Key", "contract-charge")
                .json("{\"amount\": 500000}"), 200);
        expectProblem(call("chargeBalance").path("userId", userId).as(fan).header("Idempotency-Key", "contract-charge")
                .json("{\"amount\": 1}"), 422, "IDEMPOTENCY_KEY_REUSED");
        expect(call("getBalance").path("userId", userId).as(fan), 200);
        expectProblem(call("getBalance").path("userId", userId + 1).as(fan), 403, "FORBIDDEN");

        Instant inAWeek = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> concert = expect(call("createConcert").header("Admin-Key", ADMIN_KEY)
                .json("{\"title\": \"Contract test concert\", \"schedules\": ["
                        + "{\"startsAt\": \"" + inAWeek + "\", \"price\": 130000},"
                        + "{\"startsAt\": \"" + inAWeek.plus(Duration.ofDays(1)) + "\", \"seats\": 10, \"price\": 99000}]}"), 201).object();
        long concertId = id(concert, "concertId");
        long scheduleId = id((Map<?, ?>) ((List<?>) concert.get("schedules")).get(0), "scheduleId");
        expect(call("tuneWaitingRoom").path("concertId", concertId).header("Admin-Key", ADMIN_KEY)
                .json("{\"activeCapacity\": 1000, \"admissionsPerMinute\": 60000, \"paused\": false}"), 200);
        expect(call("getWaitingRoom").path("concertId", concertId).header("Admin-Key", ADMIN_KEY), 200);
        expect(call("listConcerts"), 200);

        String joinBody = "{\"concertId\": " + concertId + "}";
        String token = expect(call("joinQueue").as(fan).json(joinBody), 201).object().get("token").toString();
        assertThat(expect(call("joinQueue").as(fan).json("{\"userId\": " + userId + ", \"concertId\": " + concertId + "}"), 200)
                .object().get("token")).isEqualTo(token);
        expectProblem(call("joinQueue").as(fan).json("{\"userId\": " + (userId + 1) + ", \"concertId\": " + concertId + "}"),
                403, "FORBIDDEN");
        awaitActive(token);
        Answer events = expect(call("streamQueueStatus").header("Queue-Token", token), 200);
        assertThat(events.events()).as("events of an ACTIVE token").isNotEmpty()
                .allSatisfy(event -> assertThat(event.name()).isEqualTo("status"));
        expectProblem(call("streamQueueStatus").query("token", token), 401, "QUEUE_TOKEN_MISSING");

        expect(call("listAvailableSchedules").path("concertId", concertId).as(fan).header("Queue-Token", token), 200);
        expect(call("listFreeSeats").path("concertId", concertId).path("scheduleId", scheduleId)
                .as(fan).header("Queue-Token", token), 200);
        Answer held = expect(call("holdSeat").as(fan).header("Queue-Token", token)
                .json("{\"scheduleId\": " + scheduleId + ", \"seatNumber\": 7}"), 201);
        long cancelledId = id(held.object(), "reservationId");
        assertThat(held.headers().getLocation()).as("Location of the new reservation").isNotNull()
                .hasPath(document.basePath() + "/reservations/" + cancelledId);
        expect(call("getReservation").path("reservationId", cancelledId).as(fan).header("Queue-Token", token), 200);
        assertThat(expect(call("cancelReservation").path("reservationId", cancelledId).as(fan).header("Queue-Token", token), 200)
                .object().get("status")).isEqualTo("CANCELLED");
        expect(call("holdSeat").as(fan).header("Queue-Token", token)
                .json("{\"scheduleId\": " + scheduleId + ", \"seatNumber\": 7}"), 201);
        long reservationId = id(expect(call("holdSeat").as(fan).header("Queue-Token", token)
                .json("{\"scheduleId\": " + scheduleId + ", \"seatNumber\": 8}"), 201).object(), "reservationId");
        assertThat(expect(call("getSeatMap").as(fan).path("concertId", concertId).path("scheduleId", scheduleId)
                .header("Queue-Token", token), 200).object().get("seats")).asList().hasSize(50);
        expect(call("listWaitingRooms").header("Admin-Key", ADMIN_KEY), 200);
        SignedIn stranger = signUp();
        expectProblem(call("payReservation").as(stranger).header("Queue-Token", token)
                .json("{\"reservationId\": " + reservationId + "}"), 403, "FORBIDDEN");
        expect(call("payReservation").as(fan).header("Queue-Token", token).header("Idempotency-Key", "contract-" + reservationId)
                .json("{\"reservationId\": " + reservationId + "}"), 201);
        expect(call("listUserPayments").path("userId", userId).as(fan), 200);
        assertThat((List<?>) expect(call("getBalanceHistory").path("userId", userId).as(fan).query("limit", "10"), 200)
                .object().get("entries")).hasSize(2);
        expectProblem(call("getReservation").path("reservationId", reservationId).as(fan).header("Queue-Token", token),
                401, "QUEUE_TOKEN_INVALID");

        expect(call("tuneWaitingRoom").path("concertId", concertId).header("Admin-Key", ADMIN_KEY)
                .json("{\"paused\": true}"), 200);
        SignedIn waiter = signUp();
        String waiting = expect(call("joinQueue").as(waiter).json(joinBody), 201).object().get("token").toString();
        Answer notAdmitted = expectProblem(call("listAvailableSchedules").path("concertId", concertId)
                .as(waiter).header("Queue-Token", waiting), 403, "QUEUE_NOT_ADMITTED");
        assertThat(notAdmitted.object().get("position")).isEqualTo(1);
        expectProblem(call("listAvailableSchedules").path("concertId", HARMLESS_ID).as(waiter).header("Queue-Token", waiting),
                403, "QUEUE_WRONG_CONCERT");
    }

    // ---- calls and answers ----------------------------------------------------------------------------------------

    private Call call(String operationId) {
        return new Call(document.operation(operationId));
    }

    /** The operation with harmless ids and, where it takes a body, an empty JSON body. */
    private Call probe(Operation operation) {
        Call call = new Call(operation).allPathVariables(HARMLESS_ID);
        if (operation.hasRequestBody()) {
            call.emptyJson();
        }
        return call;
    }

    /** Sends the call and asserts the answer has {@code status} and is documented; returns it. */
    private Answer expect(Call call, int status) {
        Answer answer = call.send();
        assertThat(undocumented(call.operation, answer)).as("%s against the document", answer).isEmpty();
        assertThat(answer.status()).as("status of %s: %s", answer, answer.text()).isEqualTo(status);
        return answer;
    }

    private Answer expectProblem(Call call, int status, String code) {
        Answer answer = expect(call, status);
        assertThat(answer.code()).as("code of %s", answer).isEqualTo(code);
        return answer;
    }

    private static void expectProblem(Answer answer, int status, String code, List<String> failures) {
        if (!answer.isProblem(status, code)) {
            failures.add(answer + ": expected " + status + " " + code);
        }
    }

    private void awaitActive(String token) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!"ACTIVE".equals(expect(call("getQueueStatus").header("Queue-Token", token), 200).object().get("status"))) {
            assertThat(Instant.now()).as("token admitted in time").isBefore(deadline);
            sleep(100);
        }
    }

    private static Refusal refusalFor(Operation operation, Map<String, Object> scheme, List<String> failures) {
        Refusal refusal = REFUSALS.get(schemeKey(scheme));
        if (refusal == null) {
            failures.add(operation + ": security scheme " + schemeKey(scheme) + " is unknown to this test");
        }
        return refusal;
    }

    /** "http bearer", "header Queue-Token", "header Admin-Key". */
    private static String schemeKey(Map<String, Object> scheme) {
        return "http".equals(scheme.get("type")) ? "http " + scheme.get("scheme") : scheme.get("in") + " " + scheme.get("name");
    }

    /** Everything about {@code answer} that the document does not say the operation answers. */
    private List<String> undocumented(Operation operation, Answer answer) {
        List<String> problems = new ArrayList<>();
        Optional<Map<String, Object>> response = operation.response(answer.status());
        if (response.isEmpty()) {
            problems.add(answer + ": status " + answer.status() + " is not documented (documented: "
                    + operation.documentedStatuses() + ") " + answer.text());
            return problems;
        }
        OpenApiDocument.map(response.get().get("headers")).forEach((name, header) -> {
            Map<String, Object> spec = document.resolve(header);
            String value = answer.headers().getFirst(name);
            if (value == null) {
                if (Boolean.TRUE.equals(spec.get("required"))) {
                    problems.add(answer + ": required header " + name + " is missing");
                }
                return;
            }
            Map<String, Object> schema = OpenApiDocument.map(spec.get("schema"));
            Object typed = "integer".equals(schema.get("type")) && value.matches("-?\\d+") ? Long.valueOf(value) : value;
            validator.validate(typed, schema).forEach(error -> problems.add(answer + ": header " + name + " " + error));
        });
        if (OpenApiDocument.map(response.get().get("content")).isEmpty()) {
            if (answer.body().length > 0) {
                problems.add(answer + ": a body where the document has none");
            }
            return problems;
        }
        MediaType contentType = answer.headers().getContentType();
        if (contentType == null) {
            problems.add(answer + ": no Content-Type");
            return problems;
        }
        Optional<Map.Entry<String, Map<String, Object>>> content = operation.content(response.get(), contentType);
        if (content.isEmpty()) {
            problems.add(answer + ": Content-Type " + contentType + " is not documented for " + answer.status());
            return problems;
        }
        Map<String, Object> schema = OpenApiDocument.map(content.get().getValue().get("schema"));
        MediaType documentedType = MediaType.parseMediaType(content.get().getKey());
        if (MediaType.TEXT_EVENT_STREAM.isCompatibleWith(documentedType)) {
            Map<String, Object> eventSchemas = OpenApiDocument.map(response.get().get("x-events"));
            for (Event event : answer.events()) {
                if (!eventSchemas.containsKey(event.name())) {
                    problems.add(answer + ": event '" + event.name() + "' is not documented");
                    continue;
                }
                Object data = parse(event.data(), problems, answer);
                validator.validate(data, OpenApiDocument.map(eventSchemas.get(event.name())))
                        .forEach(error -> problems.add(answer + ": event " + event.name() + " " + error));
            }
            return problems;
        }
        Object body = parse(answer.text(), problems, answer);
        validator.validate(body, schema).forEach(error -> problems.add(answer + ": body " + error));
        if (documentedType.getSubtype().equals("problem+json") && body instanceof Map<?, ?> problem) {
            String code = String.valueOf(problem.get("code"));
            if (!(PROBLEM_TYPE_BASE + code.toLowerCase(Locale.ROOT).replace('_', '-')).equals(problem.get("type"))) {
                problems.add(answer + ": type " + problem.get("type") + " does not name code " + code);
            }
            if (!Integer.valueOf(answer.status()).equals(problem.get("status"))) {
                problems.add(answer + ": status member " + problem.get("status") + " differs from the HTTP status");
            }
            if (!answer.path().equals(problem.get("instance"))) {
                problems.add(answer + ": instance " + problem.get("instance") + " is not the request path");
            }
        }
        return problems;
    }

    private static Object parse(String json, List<String> problems, Answer answer) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (RuntimeException e) {
            problems.add(answer + ": not JSON: " + json);
            return null;
        }
    }

    private static long id(Answer answer, String field) {
        return id(answer.object(), field);
    }

    private static long id(Map<?, ?> object, String field) {
        return ((Number) object.get(field)).longValue();
    }

    /** A request to one documented operation; the URL comes from the document's path template. */
    private final class Call {

        private final Operation operation;
        private final Map<String, String> pathValues = new LinkedHashMap<>();
        private final List<String> query = new ArrayList<>();
        private final HttpHeaders headers = new HttpHeaders();
        private MediaType contentType;
        private String body;

        Call(Operation operation) {
            this.operation = operation;
        }

        Call path(String variable, Object value) {
            assertThat(operation.pathVariables()).as("path variables of %s", operation).contains(variable);
            pathValues.put(variable, value.toString());
            return this;
        }

        Call allPathVariables(String value) {
            operation.pathVariables().forEach(variable -> pathValues.put(variable, value));
            return this;
        }

        Call query(String name, String value) {
            query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            return this;
        }

        Call header(String name, String value) {
            headers.set(name, value);
            return this;
        }

        Call credential(Map<String, Object> scheme, String value) {
            if (BEARER.equals(schemeKey(scheme))) {
                return header(HttpHeaders.AUTHORIZATION, "Bearer " + value);
            }
            return "query".equals(scheme.get("in")) ? query(scheme.get("name").toString(), value)
                    : header(scheme.get("name").toString(), value);
        }

        /** With the bearer token of {@code user}. */
        Call as(SignedIn user) {
            return header(HttpHeaders.AUTHORIZATION, user.authorization());
        }

        Call json(String json) {
            return body(MediaType.APPLICATION_JSON, json);
        }

        /** {@code Content-Type: application/json} and no body at all. */
        Call emptyJson() {
            contentType = MediaType.APPLICATION_JSON;
            body = null;
            return this;
        }

        /** No body and no {@code Content-Type}. */
        Call withoutBody() {
            contentType = null;
            body = null;
            return this;
        }

        Call body(MediaType type, String content) {
            contentType = type;
            body = content;
            return this;
        }

        Answer send() {
            String path = operation.path();
            for (String variable : operation.pathVariables()) {
                String value = pathValues.get(variable);
                assertThat(value).as("value for {%s} of %s", variable, operation).isNotNull();
                path = path.replace("{" + variable + "}", URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
            String fullPath = document.basePath() + path;
            String uri = query.isEmpty() ? fullPath : fullPath + "?" + String.join("&", query);
            WebTestClient.RequestBodySpec request = client.method(HttpMethod.valueOf(operation.method())).uri(uri)
                    .headers(h -> h.addAll(headers));
            WebTestClient.RequestHeadersSpec<?> ready = request;
            if (contentType != null) {
                ready = body == null ? request.contentType(contentType) : request.contentType(contentType).bodyValue(body);
            }
            EntityExchangeResult<byte[]> result = ready.exchange().expectBody(byte[].class).returnResult();
            byte[] responseBody = result.getResponseBody() == null ? new byte[0] : result.getResponseBody();
            String description = operation.method() + " " + uri + describeRequest();
            return new Answer(description, fullPath, result.getStatus().value(), result.getResponseHeaders(), responseBody);
        }

        private String describeRequest() {
            List<String> parts = new ArrayList<>();
            headers.forEach((name, values) -> parts.add(name + ": " + String.join(",", values)));
            if (contentType != null) {
                parts.add(contentType + (body == null ? " (empty)" : " " + body));
            }
            return parts.isEmpty() ? "" : " " + parts;
        }
    }

    /** What the app answered. */
    private record Answer(String request, String path, int status, HttpHeaders headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object() {
            return (Map<String, Object>) JSON.readValue(body, Object.class);
        }

        /** The problem code, when the answer is a problem. */
        String code() {
            MediaType type = headers.getContentType();
            if (type == null || !type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON) || body.length == 0) {
                return null;
            }
            try {
                Object code = object().get("code");
                return code == null ? null : code.toString();
            } catch (RuntimeException notAnObject) {
                return null;
            }
        }

        boolean isProblem(int expectedStatus, String expectedCode) {
            return status == expectedStatus && expectedCode.equals(code());
        }

        /** The server-sent events of a text/event-stream body (comments left out). */
        List<Event> events() {
            List<Event> events = new ArrayList<>();
            for (String block : text().split("\\r?\\n\\r?\\n")) {
                String name = "message";
                StringBuilder data = new StringBuilder();
                boolean any = false;
                for (String line : block.split("\\r?\\n")) {
                    Matcher field = SSE_FIELD.matcher(line);
                    if (line.isEmpty() || line.startsWith(":") || !field.matches()) {
                        continue;
                    }
                    any = true;
                    if (field.group(1).equals("event")) {
                        name = field.group(2);
                    } else if (field.group(1).equals("data")) {
                        data.append(data.isEmpty() ? "" : "\n").append(field.group(2));
                    }
                }
                if (any) {
                    events.add(new Event(name, data.toString()));
                }
            }
            return events;
        }

        @Override
        public String toString() {
            return request + " -> " + status + (code() == null ? "" : " " + code());
        }
    }

    private static final Pattern SSE_FIELD = Pattern.compile("([a-z]+):\\s?(.*)");

    private record Event(String name, String data) {
    }

    // ---- the document's own examples and the prose contract------------------------------------------------------------------

    private static void checkExample(String where, Map<String, Object> content, List<String> problems) {
        if (content.containsKey("example") && content.containsKey("schema")) {
            validator.validate(content.get("example"), OpenApiDocument.map(content.get("schema")))
                    .forEach(error -> problems.add(where + " example: " + error));
        }
        // named examples (one per form of a body) are held to the schema just the same
        if (content.get("examples") instanceof Map<?, ?> named && content.containsKey("schema")) {
            named.forEach((name, example) -> validator.validate(OpenApiDocument.map(example).get("value"),
                            OpenApiDocument.map(content.get("schema")))
                    .forEach(error -> problems.add(where + " example " + name + ": " + error)));
        }
    }

    /** The code → status rows of the prose contract's error table (a row may name several codes: "A / B"). */
    private static Map<String, Integer> errorTable(List<String> lines) {
        Map<String, Integer> table = new LinkedHashMap<>();
        boolean inErrors = false;
        Pattern code = Pattern.compile("\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b");
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inErrors = line.trim().equalsIgnoreCase("## Errors");
                continue;
            }
            if (!inErrors || !line.trim().startsWith("|")) {
                continue;
            }
            String[] cells = line.trim().split("\\|");
            if (cells.length < 3 || !cells[2].trim().matches("\\d{3}")) {
                continue;
            }
            int status = Integer.parseInt(cells[2].trim());
            Matcher matcher = code.matcher(cells[1]);
            while (matcher.find()) {
                table.put(matcher.group(), status);
            }
        }
        return table;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
