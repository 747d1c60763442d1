package io.stagedoor.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.contract.ServedRoutes;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Polling;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

/**
 * Bad input on every route: the test walks the route table the app really serves and sends each route, as a caller
 * who may use it (signed in, admitted, operator), malformed JSON, a 2 MB body, the wrong content type, a key given
 * twice, every field with the wrong type, negative and huge numbers and hostile strings (a bidi override, a lone
 * surrogate, control characters), and hostile path variables, query parameters and tokens. Every answer must be a 4xx
 * problem+json (never a 5xx, never a success), and the database must be unchanged afterwards, every row of every
 * table. A route added without a recipe here fails the walk.
 */
class BadInputRouteWalkHttpTest extends StagedoorAppTest {

    private static final String BASE = "/api/v1";
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    @Autowired
    private RouterFunctionMapping routerFunctionMapping;

    @DynamicPropertySource
    static void quickAdmission(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.queue.tick", () -> "PT0.1S");
    }

    /** Who calls: the route is used as someone allowed to, so that the input itself is what gets judged. */
    private enum Caller { ANYONE, SIGNED_IN, ADMITTED, OPERATOR, QUEUE_TOKEN }

    /** What a body field holds, which decides the bad values it gets. */
    private enum Kind { ID, COUNT, AMOUNT, FLAG, NAME, SECRET, INSTANT, SCHEDULES }

    private record Field(Kind kind, String good) {
    }

    /**
     * How a route is called: by whom, its JSON body's fields with good values (none: no body), and its query
     * parameters (each a number).
     */
    private record Recipe(Caller caller, Map<String, Field> body, List<String> query) {
    }

    private record World(SignedIn fan, long concertId, long scheduleId, String token, long reservationId) {
    }

    private record Case(String route, String what, HttpMethod method, String path, MediaType contentType, String body,
                        String queueToken) {
    }

    private static Map<String, Field> fields(Object... kindsAndGoods) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (int i = 0; i < kindsAndGoods.length; i += 3) {
            fields.put((String) kindsAndGoods[i], new Field((Kind) kindsAndGoods[i + 1], (String) kindsAndGoods[i + 2]));
        }
        return fields;
    }

    private static Recipe recipe(Caller caller, Map<String, Field> body, String... query) {
        return new Recipe(caller, body, List.of(query));
    }

    private Map<String, Recipe> recipes(World w) {
        String startsAt = "\"" + Instant.now().plus(Duration.ofDays(9)) + "\"";
        Map<String, Recipe> recipes = new TreeMap<>();
        recipes.put("GET /api/v1/auth/jwks", recipe(Caller.ANYONE, Map.of()));
        recipes.put("POST /api/v1/users", recipe(Caller.ANYONE,
                fields("name", Kind.NAME, "\"Walker\"", "password", Kind.SECRET, "\"" + PASSWORD + "\"")));
        recipes.put("POST /api/v1/auth/tokens", recipe(Caller.ANYONE,
                fields("userId", Kind.ID, Long.toString(w.fan().userId()), "password", Kind.SECRET, "\"" + PASSWORD + "\"")));
        recipes.put("GET /api/v1/users/{userId}/balance", recipe(Caller.SIGNED_IN, Map.of()));
        recipes.put("POST /api/v1/users/{userId}/balance/charges", recipe(Caller.SIGNED_IN,
                fields("amount", Kind.AMOUNT, "1000")));
        recipes.put("GET /api/v1/users/{userId}/balance/history", recipe(Caller.SIGNED_IN, Map.of(), "limit", "cursor"));
        recipes.put("GET /api/v1/users/{userId}/payments", recipe(Caller.SIGNED_IN, Map.of(), "limit", "cursor"));
        recipes.put("POST /api/v1/queue/tokens", recipe(Caller.SIGNED_IN,
                fields("concertId", Kind.ID, Long.toString(w.concertId()))));
        recipes.put("GET /api/v1/queue/status", recipe(Caller.QUEUE_TOKEN, Map.of()));
        recipes.put("GET /api/v1/queue/events", recipe(Caller.QUEUE_TOKEN, Map.of()));
        recipes.put("GET /api/v1/concerts", recipe(Caller.ANYONE, Map.of(), "limit", "cursor"));
        recipes.put("GET /api/v1/concerts/{concertId}/schedules", recipe(Caller.ADMITTED, Map.of()));
        recipes.put("GET /api/v1/concerts/{concertId}/schedules/{scheduleId}/seats", recipe(Caller.ADMITTED, Map.of()));
        recipes.put("GET /api/v1/concerts/{concertId}/schedules/{scheduleId}/seat-map", recipe(Caller.ADMITTED, Map.of()));
        recipes.put("POST /api/v1/reservations", recipe(Caller.ADMITTED,
                fields("scheduleId", Kind.ID, Long.toString(w.scheduleId()), "seatNumber", Kind.COUNT, "30")));
        recipes.put("GET /api/v1/reservations/{reservationId}", recipe(Caller.ADMITTED, Map.of()));
        recipes.put("DELETE /api/v1/reservations/{reservationId}", recipe(Caller.ADMITTED, Map.of()));
        recipes.put("POST /api/v1/payments", recipe(Caller.ADMITTED,
                fields("reservationId", Kind.ID, Long.toString(w.reservationId()))));
        recipes.put("GET /api/v1/admin/queues", recipe(Caller.OPERATOR, Map.of()));
        recipes.put("GET /api/v1/admin/queues/{concertId}", recipe(Caller.OPERATOR, Map.of()));
        recipes.put("PUT /api/v1/admin/queues/{concertId}", recipe(Caller.OPERATOR,
                fields("activeCapacity", Kind.COUNT, "1000", "admissionsPerMinute", Kind.COUNT, "60000",
                        "sessionSeconds", Kind.COUNT, "600", "paused", Kind.FLAG, "false")));
        recipes.put("POST /api/v1/admin/concerts", recipe(Caller.OPERATOR,
                fields("title", Kind.NAME, "\"Bad input\"", "schedules", Kind.SCHEDULES,
                        "[{\"startsAt\": " + startsAt + ", \"seats\": 10, \"price\": 1000}]")));
        recipes.put("GET /api/v1/admin/concerts/{concertId}/fan-limits", recipe(Caller.OPERATOR, Map.of()));
        recipes.put("PUT /api/v1/admin/concerts/{concertId}/fan-limits", recipe(Caller.OPERATOR,
                fields("holdsPerFan", Kind.COUNT, "4", "ticketsPerFan", Kind.COUNT, "4")));
        return recipes;
    }

    /** Path variables that name nothing: negative, zero, past a long, not a number, hostile characters. */
    private static final List<String> BAD_PATH_VALUES = List.of("-1", "0", "99999999999999999999999", "abc", "1.5",
            "%E2%80%AE1", "%00", "1%0A2", "%ED%A0%80");
    private static final List<String> BAD_QUERY_VALUES = List.of("-1", "0", "99999999999999999999999", "abc", "1.5",
            "%E2%80%AE1", "%00", "");
    private static final List<String> BAD_QUEUE_TOKENS = List.of("", "garbage", "-1.-1.x", "1.1.",
            "99999999999999999999999.1.AAAAAAAAAAAAAAAAAAAAAA", "1.1.%00", "1.1.AAAAAAAAAAAAAAAAAAAAAA\t", "x".repeat(4_000));
    private static final List<String> HOSTILE_STRINGS = List.of("\"\\u202Eevil\"", "\"\\ud800\"", "\"a\\u0000b\"",
            "\"a\\u0007b\"", "\"\"", "\"   \"", "\"" + "x".repeat(10_000) + "\"");
    private static final List<String> WRONG_NUMBERS = List.of("-1", "-9223372036854775808", "99999999999999999999999",
            "1e400", "9223372036854775807", "1.5", "\"1\"", "true", "{}", "[]");
    private static final List<String> WRONG_STRINGS = List.of("1", "true", "{}", "[]", "null");
    private static final List<String> MALFORMED = List.of("{", "{\"a\":}", "not json", "", "[]", "\"text\"", "42",
            "null", "{\"a\": 1}}", "\u0000");

    private static List<String> badValues(Kind kind) {
        return switch (kind) {
            case ID, AMOUNT -> concat(WRONG_NUMBERS, List.of("null"));
            // null is an operator's "back to the default" for a setting, so it is no bad value here
            case COUNT -> WRONG_NUMBERS;
            case FLAG -> List.of("\"true\"", "1", "{}", "[]", "\"\\u202E\"");
            case NAME -> concat(HOSTILE_STRINGS, WRONG_STRINGS);
            case SECRET -> concat(List.of("\"\\ud800\"", "\"a\\u0000b\"", "\"\"", "\"" + "x".repeat(10_000) + "\""),
                    WRONG_STRINGS);
            case INSTANT -> List.of("1", "\"yesterday\"", "\"2026-13-45T00:00:00Z\"", "\"\\u202E\"", "null");
            case SCHEDULES -> List.of("\"x\"", "{}", "[]", "[1]", "null", "[{\"startsAt\": \"bad\", \"seats\": 10, \"price\": 1000}]",
                    "[{\"startsAt\": \"" + Instant.now().plus(Duration.ofDays(9)) + "\", \"seats\": -1, \"price\": 1000}]",
                    "[{\"startsAt\": \"" + Instant.now().plus(Duration.ofDays(9)) + "\", \"seats\": 10, \"price\": -1}]",
                    "[{\"startsAt\": \"" + Instant.now().plus(Duration.ofDays(9)) + "\", \"seats\": 99999999999, \"price\": 1000}]");
        };
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void everyRouteAnswersEveryBadInputWithA4xxProblemAndChangesNothing() throws Exception {
        World world = world();
        Map<String, Recipe> recipes = recipes(world);
        Set<String> served = ServedRoutes.of(routerFunctionMapping.getRouterFunction()).routes().stream()
                .filter(route -> route.substring(route.indexOf(' ') + 1).startsWith(BASE + "/"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(recipes.keySet())).as("every served route has a bad-input recipe here, and no other")
                .isEqualTo(served);

        List<Case> cases = new ArrayList<>();
        recipes.forEach((route, recipe) -> cases.addAll(cases(route, recipe, world)));
        Map<String, String> before = databaseChecksum();

        List<String> failures = new ArrayList<>();
        for (Case bad : cases) {
            EntityExchangeResult<byte[]> answer;
            try {
                answer = send(bad, world);
            } catch (RuntimeException unsent) {
                failures.add(bad.route() + " " + bad.what() + " -> no answer: " + unsent);
                continue;
            }
            int status = answer.getStatus().value();
            MediaType type = answer.getResponseHeaders().getContentType();
            if (status < 400 || status > 499 || type == null || !type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
                byte[] body = answer.getResponseBodyContent();
                String shown = body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
                failures.add(bad.route() + " " + bad.what() + " -> " + status + " " + type + " "
                        + shown.substring(0, Math.min(200, shown.length())));
            }
        }

        assertThat(failures).as("bad inputs not answered with a 4xx problem+json (of %d tried)", cases.size()).isEmpty();
        assertThat(databaseChecksum()).as("the database after %d bad requests", cases.size()).isEqualTo(before);
        assertThat(cases).as("the walk tried something on every route with input").hasSizeGreaterThan(300);
    }

    private List<Case> cases(String route, Recipe recipe, World world) {
        HttpMethod method = HttpMethod.valueOf(route.substring(0, route.indexOf(' ')));
        String pattern = route.substring(route.indexOf(' ') + 1);
        String goodPath = withVariables(pattern, Map.of(), world);
        String goodBody = recipe.body().isEmpty() ? null : json(recipe.body(), null, null);
        List<Case> cases = new ArrayList<>();
        Matcher variables = VARIABLE.matcher(pattern);
        while (variables.find()) {
            String variable = variables.group(1);
            for (String value : BAD_PATH_VALUES) {
                cases.add(new Case(route, "{" + variable + "}=" + value, method,
                        withVariables(pattern, Map.of(variable, value), world),
                        goodBody == null ? null : MediaType.APPLICATION_JSON, goodBody, null));
            }
        }
        for (String parameter : recipe.query()) {
            for (String value : BAD_QUERY_VALUES) {
                cases.add(new Case(route, "?" + parameter + "=" + value, method, goodPath + "?" + parameter + "=" + value,
                        null, null, null));
            }
        }
        if (recipe.caller() == Caller.QUEUE_TOKEN) {
            for (String token : BAD_QUEUE_TOKENS) {
                cases.add(new Case(route, "Queue-Token " + token.substring(0, Math.min(24, token.length())), method,
                        goodPath, null, null, token));
            }
        }
        if (goodBody == null) {
            return cases;
        }
        for (String malformed : MALFORMED) {
            cases.add(new Case(route, "body " + malformed, method, goodPath, MediaType.APPLICATION_JSON, malformed, null));
        }
        String first = recipe.body().keySet().iterator().next();
        Field firstField = recipe.body().get(first);
        cases.add(new Case(route, "key given twice", method, goodPath, MediaType.APPLICATION_JSON,
                "{\"" + first + "\": " + firstField.good() + ", " + goodBody.substring(1), null));
        cases.add(new Case(route, "2 MB body", method, goodPath, MediaType.APPLICATION_JSON,
                goodBody.substring(0, goodBody.length() - 1) + ", \"pad\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}", null));
        cases.add(new Case(route, "not JSON content type", method, goodPath, MediaType.TEXT_PLAIN, goodBody, null));
        for (Map.Entry<String, Field> field : recipe.body().entrySet()) {
            for (String value : badValues(field.getValue().kind())) {
                cases.add(new Case(route, field.getKey() + "=" + value.substring(0, Math.min(40, value.length())), method,
                        goodPath, MediaType.APPLICATION_JSON, json(recipe.body(), field.getKey(), value), null));
            }
        }
        return cases;
    }

    private static String json(Map<String, Field> fields, String replaced, String value) {
        return fields.entrySet().stream()
                .map(field -> "\"" + field.getKey() + "\": " + (field.getKey().equals(replaced) ? value : field.getValue().good()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String withVariables(String pattern, Map<String, String> bad, World world) {
        Matcher matcher = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String value = bad.containsKey(variable) ? bad.get(variable) : switch (variable) {
                case "userId" -> Long.toString(world.fan().userId());
                case "concertId" -> Long.toString(world.concertId());
                case "scheduleId" -> Long.toString(world.scheduleId());
                case "reservationId" -> Long.toString(world.reservationId());
                default -> throw new AssertionError("no good value for path variable " + variable + " of " + pattern);
            };
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private EntityExchangeResult<byte[]> send(Case bad, World world) {
        Recipe recipe = recipes(world).get(bad.route());
        WebTestClient.RequestBodySpec request = client.method(bad.method())
                .uri(URI.create("http://127.0.0.1:" + port + bad.path()));
        switch (recipe.caller()) {
            case SIGNED_IN -> request.header(HttpHeaders.AUTHORIZATION, world.fan().authorization());
            case ADMITTED -> request.header(HttpHeaders.AUTHORIZATION, world.fan().authorization())
                    .header("Queue-Token", world.token());
            case OPERATOR -> request.header("Admin-Key", ADMIN_KEY);
            case QUEUE_TOKEN -> request.header("Queue-Token", bad.queueToken() == null ? world.token() : bad.queueToken());
            case ANYONE -> { }
        }
        if (bad.body() == null) {
            return request.exchange().expectBody().returnResult();
        }
        return request.contentType(bad.contentType()).bodyValue(bad.body()).exchange().expectBody().returnResult();
    }

    /** Every row of every table of the app's schemas, as one digest per table. */
    private static Map<String, String> databaseChecksum() throws Exception {
        Map<String, String> digests = new TreeMap<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                    + " WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet digest = statement.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|'"
                        + " ORDER BY t::text)), '') FROM " + table + " t")) {
                    digest.next();
                    digests.put(table, digest.getString(1));
                }
            }
        }
        assertThat(digests).as("the app's tables").containsKeys("account.users", "account.ledger", "payment.payments");
        return digests;
    }

    /** A fan, signed in with money, admitted to a concert of its own and holding a seat of it. */
    private World world() throws InterruptedException {
        SignedIn fan = signUp();
        as(fan).post().uri("/api/v1/users/{id}/balance/charges", fan.userId()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amount\": 1000000}").exchange().expectStatus().isOk();
        Map<?, ?> concert = client.post().uri("/api/v1/admin/concerts").header("Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\": \"Bad input walk\", \"schedules\": [{\"startsAt\": \""
                        + Instant.now().plus(Duration.ofDays(7)) + "\", \"price\": 130000}]}")
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        long concertId = ((Number) concert.get("concertId")).longValue();
        long scheduleId = ((Number) ((Map<?, ?>) ((List<?>) concert.get("schedules")).get(0)).get("scheduleId")).longValue();
        String token = (String) as(fan).post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("concertId", concertId)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("token");
        assertThat(Polling.within(Duration.ofSeconds(20), Duration.ofMillis(100), () -> "ACTIVE".equals(
                client.get().uri("/api/v1/queue/status").header("Queue-Token", token).exchange()
                        .expectBody(Map.class).returnResult().getResponseBody().get("status"))))
                .as("admitted in time").isTrue();
        long reservationId = ((Number) as(fan).post().uri("/api/v1/reservations").header("Queue-Token", token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scheduleId", scheduleId, "seatNumber", 1))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                .get("reservationId")).longValue();
        return new World(fan, concertId, scheduleId, token, reservationId);
    }
}
