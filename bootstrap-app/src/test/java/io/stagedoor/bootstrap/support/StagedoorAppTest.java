package io.stagedoor.bootstrap.support;

import io.stagedoor.bootstrap.StagedoorApplication;
import io.stagedoor.testsupport.TestDatabase;
import io.stagedoor.testsupport.TestRedis;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base for tests through HTTP against the whole app on a random port, backed by a fresh PostgreSQL database and a
 * flushed Redis (real servers from test-support). Each test class gets its own app, closed after the class, so no
 * ticker or sweeper of one class can touch the next one's data.
 *
 * <p>Use {@link #client} for requests, {@link #database} to assert on tables, {@link #redis} to inspect keys,
 * {@link #startAnotherInstance()} for a second app instance on the same servers. Admin routes use {@link #ADMIN_KEY}.
 *
 * <p>Identity: the app signs access tokens with {@link #SIGNING_KEY} (one key per test JVM, so every instance of every
 * class accepts the others' tokens). {@link #signUp()} creates a user through {@code POST /users} and signs it in
 * through {@code POST /auth/tokens}; {@link #as(SignedIn)} is {@link #client} with that user's bearer token. For a user
 * made without the API, {@link #accessTokenFor(long)} signs a token the way the app does. Passwords are hashed at a
 * test cost (the cost is configuration; a test about hashing itself sets its own).
 */
@SpringBootTest(classes = StagedoorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class StagedoorAppTest {

    public static final String ADMIN_KEY = "test-admin-key-of-at-least-32-characters";
    /** The password of every user {@link #signUp()} creates. */
    public static final String PASSWORD = "correct horse battery staple";
    /** The built-in issuer's signing key of every app started by a test of this JVM. */
    public static final TestSigningKey SIGNING_KEY = TestSigningKey.generate();
    /** The app's default issuer name ({@code stagedoor.identity.issuer}). */
    public static final String ISSUER = "stagedoor";

    private static final AtomicLong names = new AtomicLong();

    /** A user signed in through the API: its id and its bearer access token. */
    public record SignedIn(long userId, String accessToken) {

        /** The value of the {@code Authorization} header. */
        public String authorization() {
            return "Bearer " + accessToken;
        }

        @Override
        public String toString() {
            return "user " + userId;
        }
    }

    protected static TestDatabase database;
    protected static TestRedis redis;

    @LocalServerPort
    protected int port;

    /** The management server's port (actuator: health, prometheus), never the public one. */
    @LocalManagementPort
    protected int managementPort;

    protected WebTestClient client;

    /**
     * Replacements for the base properties (e.g. a URL through a {@code TcpProxy}), put by a subclass's own
     * {@code @DynamicPropertySource}; Spring may call that before or after ours, so ours reads them lazily.
     * Properties the base does not set can simply be added to the registry.
     */
    protected static final Map<String, Supplier<String>> propertyOverrides = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void realServers(DynamicPropertyRegistry registry) {
        database = TestDatabase.create();
        redis = TestRedis.create();
        baseProperties().keySet().forEach(name -> registry.add(name, () -> appProperties().get(name)));
    }

    @AfterAll
    static void forgetOverrides() {
        propertyOverrides.clear();
    }

    /** The properties every test instance of the app runs with, overrides applied. */
    protected static Map<String, String> appProperties() {
        Map<String, String> properties = baseProperties();
        propertyOverrides.forEach((name, value) -> properties.put(name, value.get()));
        return properties;
    }

    private static Map<String, String> baseProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.putAll(database.springProperties());
        properties.putAll(redis.springProperties());
        properties.put("stagedoor.embedded.enabled", "false");
        properties.put("stagedoor.demo-data", "false");
        properties.put("stagedoor.admin-key", ADMIN_KEY);
        properties.put("management.server.port", "0");
        properties.put("stagedoor.identity.signing-key", SIGNING_KEY.privatePem());
        properties.put("stagedoor.account.password-hashing.memory-kib", "64");
        properties.put("stagedoor.account.password-hashing.iterations", "1");
        // tests sign many users up from one address and poll in tight loops; the rate limits' own tests switch them on
        properties.put("stagedoor.rate-limit.enabled", "false");
        return properties;
    }

    @BeforeEach
    void connectClient() {
        client = clientFor(port);
    }

    protected static WebTestClient clientFor(int port) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** A second, independent app instance on the same database and Redis; close it when done. */
    protected static ConfigurableApplicationContext startAnotherInstance(String... extraProperties) {
        return startAnotherInstance(context -> { }, extraProperties);
    }

    /**
     * A second instance whose context {@code initializer} prepares first, e.g. registering a
     * {@code LocalClock} bean so that the instance's own clock is off.
     */
    protected static ConfigurableApplicationContext startAnotherInstance(
            ApplicationContextInitializer<ConfigurableApplicationContext> initializer, String... extraProperties) {
        Map<String, Object> properties = new HashMap<>(appProperties());
        // application.yaml binds server.port to ${PORT:8080}, which outranks a plain server.port default
        properties.put("PORT", "0");
        for (String property : extraProperties) {
            String[] pair = property.split("=", 2);
            properties.put(pair[0], pair[1]);
        }
        // and it sets management.server.port outright: only a command-line argument outranks that
        return new SpringApplicationBuilder(StagedoorApplication.class).properties(properties)
                .initializers(initializer)
                .run("--management.server.port=" + properties.get("management.server.port"));
    }

    protected static int portOf(ConfigurableApplicationContext instance) {
        return ((WebServerApplicationContext) instance).getWebServer().getPort();
    }

    protected static int managementPortOf(ConfigurableApplicationContext instance) {
        return Integer.parseInt(instance.getEnvironment().getProperty("local.management.port"));
    }

    /** A client of this app's management server (actuator). */
    protected WebTestClient managementClient() {
        return clientFor(managementPort);
    }

    /** A problem body byte for byte, less its {@code requestId} member (each request has its own). */
    public static String withoutRequestId(String problemBody) {
        return problemBody.replaceFirst(",\"requestId\":\"[^\"]*\"", "");
    }

    // ---- identity ------------------------------------------------------------------------------------------------

    /** A new user, signed up and signed in through this app's API. */
    protected SignedIn signUp() {
        return signUp(client, "Fan " + names.incrementAndGet());
    }

    /** A new user named {@code name}, signed up and signed in through the app at {@code via}. */
    public static SignedIn signUp(WebTestClient via, String name) {
        Map<?, ?> user = via.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "password", PASSWORD))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return signIn(via, ((Number) user.get("userId")).longValue(), PASSWORD);
    }

    /** Signs the user in through {@code POST /auth/tokens} of the app at {@code via}. */
    public static SignedIn signIn(WebTestClient via, long userId, String password) {
        Map<?, ?> token = via.post().uri("/api/v1/auth/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("userId", userId, "password", password))
                .exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return new SignedIn(userId, (String) token.get("accessToken"));
    }

    /** {@link #client} acting as {@code user}: every request carries its bearer token. */
    protected WebTestClient as(SignedIn user) {
        return as(client, user);
    }

    /** {@code via} acting as {@code user}. */
    public static WebTestClient as(WebTestClient via, SignedIn user) {
        return via.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, user.authorization()).build();
    }

    /**
     * A 15-minute access token for {@code userId}, signed as the app's built-in issuer signs (for users a test inserts
     * in SQL, or many users without a sign-in each).
     */
    public static String accessTokenFor(long userId) {
        return SIGNING_KEY.accessToken(ISSUER, userId, Duration.ofMinutes(15));
    }
}
