package io.stagedoor.bootstrap.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.payment.PaymentJourney;
import io.stagedoor.bootstrap.payment.PaymentJourney.Answer;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Polling;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real Redis restart (the {@code redis-server} process SIGKILLed and started again on the same port and data
 * directory) loses no sale. With AOF ({@code appendonly yes}, {@code appendfsync everysec}, as compose.yaml runs it)
 * every place in line survives, tokens stay valid and the line goes on from where it was. Without persistence
 * everything in Redis is gone, and a fan with a live hold still pays it.
 * <p>
 * The Redis is this test's own process on a free port in a temporary directory ({@code /usr/bin/redis-server}, or
 * {@code STAGEDOOR_TEST_REDIS_SERVER}); the shared servers are never touched.
 */
class RedisRestartHttpTest extends StagedoorAppTest {

    private static final String[] WITH_AOF = {"--appendonly", "yes", "--appendfsync", "everysec", "--save", ""};
    private static final String[] WITHOUT_PERSISTENCE = {"--appendonly", "no", "--save", ""};
    private static final int FANS = 5;

    private static int redisPort;
    private static Path redisDirectory;
    private static Process redisServer;

    @DynamicPropertySource
    static void ownRedis(DynamicPropertyRegistry registry) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        redisDirectory = Files.createTempDirectory("stagedoor-redis-restart");
        startRedis(WITH_AOF);
        propertyOverrides.put("spring.data.redis.host", () -> "127.0.0.1");
        propertyOverrides.put("spring.data.redis.port", () -> Integer.toString(redisPort));
        propertyOverrides.put("spring.data.redis.database", () -> "0");
        registry.add("stagedoor.queue.tick", () -> "PT0.1S");
    }

    @AfterAll
    static void stopRedis() throws Exception {
        killRedis();
        try (Stream<Path> files = Files.walk(redisDirectory)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void withAofEveryPlaceInLineSurvivesARedisRestartAndTheLineGoesOn() throws Exception {
        killRedis();
        emptyDataDirectory(); // whatever ran before, this Redis starts empty, with AOF
        startRedis(WITH_AOF);
        awaitQueueServing();
        PaymentJourney journey = new PaymentJourney(client);
        long concertId = journey.createConcert("AOF restart").concertId();
        pause(concertId);
        Map<Long, Place> placesBefore = new LinkedHashMap<>();
        for (int i = 0; i < FANS; i++) {
            long fan = journey.createUser("fan in line " + i);
            Answer joined = journey.join(fan, concertId);
            assertThat(joined.status()).as(joined.body()).isEqualTo(201);
            placesBefore.put(fan, new Place(joined.json().get("token").asString(), joined.json().get("position").asLong()));
        }
        Thread.sleep(1_500); // appendfsync everysec: what is older than a second is on disk

        restartRedis(WITH_AOF);

        awaitQueueServing();
        Map<Long, Place> placesAfter = new LinkedHashMap<>();
        for (long fan : placesBefore.keySet()) {
            // joining again answers the live token and place this user already holds (200), a lost one anew (201)
            Answer again = journey.join(fan, concertId);
            assertThat(again.status()).as("the fan's token is still live: " + again.body()).isEqualTo(200);
            assertThat(again.json().get("status").asString()).isEqualTo("WAITING");
            placesAfter.put(fan, new Place(again.json().get("token").asString(), again.json().get("position").asLong()));
        }
        assertThat(placesAfter).as("every token and place in line as it was").isEqualTo(placesBefore);
        Answer next = journey.join(journey.createUser("joins after the restart"), concertId);
        assertThat(next.status()).as(next.body()).isEqualTo(201);
        assertThat(next.json().get("position").asLong()).as("a new fan joins behind them").isEqualTo(FANS + 1);
    }

    @Test
    void withoutPersistenceAFanWithALiveHoldStillPaysItAfterARedisRestart() throws Exception {
        restartRedis(WITHOUT_PERSISTENCE);
        awaitQueueServing();
        PaymentJourney journey = new PaymentJourney(client);
        PaymentJourney.Concert concert = journey.createConcert("Restart without persistence");
        long holder = journey.createUser("holder");
        journey.charge(holder, 500_000);
        String token = journey.activeToken(holder, concert.concertId());
        long reservationId = journey.heldReservation(token, concert.firstSchedule(), 7);

        restartRedis(WITHOUT_PERSISTENCE);

        // a client retries a 503 with the same Idempotency-Key, as docs/api.md tells it to
        List<Answer> answers = new ArrayList<>();
        assertThat(Polling.within(Duration.ofSeconds(20), Duration.ofMillis(250), () -> {
            Answer answer = journey.pay(token, reservationId, "after-real-restart");
            answers.add(answer);
            return answer.status() != 503;
        })).as("the payment is answered once Redis is back: %s", answers).isTrue();
        Answer paid = answers.get(answers.size() - 1);
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id = " + reservationId))
                .isEqualTo(1);
    }

    private record Place(String token, long position) {
    }

    private void pause(long concertId) {
        Answer paused = PaymentJourney.send(client.put().uri("/api/v1/admin/queues/{c}", concertId)
                .header("Admin-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"paused\": true}"));
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
    }

    /** The app's queue answers again (its breaker closed, its connection back): an operator read succeeds. */
    private void awaitQueueServing() throws InterruptedException {
        assertThat(Polling.within(Duration.ofSeconds(30), Duration.ofMillis(200), () -> client.get()
                .uri("/api/v1/admin/queues").header("Admin-Key", ADMIN_KEY).exchange()
                .returnResult(String.class).getStatus().value() == 200))
                .as("the queue serves again").isTrue();
    }

    // ---- this test's own redis-server

    private static void restartRedis(String... persistence) throws Exception {
        killRedis();
        startRedis(persistence);
    }

    private static void killRedis() throws InterruptedException {
        if (redisServer != null) {
            redisServer.destroyForcibly().waitFor(); // SIGKILL: no shutdown save, only what the AOF already has
            redisServer = null;
        }
    }

    private static void emptyDataDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(redisDirectory)) {
            files.filter(path -> !path.equals(redisDirectory)).sorted((a, b) -> b.getNameCount() - a.getNameCount())
                    .forEach(path -> path.toFile().delete());
        }
    }

    private static void startRedis(String... persistence) throws Exception {
        String binary = System.getenv().getOrDefault("STAGEDOOR_TEST_REDIS_SERVER", "/usr/bin/redis-server");
        List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(redisPort),
                "--bind", "127.0.0.1", "--dir", redisDirectory.toString(), "--daemonize", "no", "--protected-mode", "yes"));
        command.addAll(List.of(persistence));
        redisServer = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(redisDirectory.resolve("redis.log").toFile()).start();
        assertThat(Polling.within(Duration.ofSeconds(20), Duration.ofMillis(50), RedisRestartHttpTest::answersPing))
                .as("redis-server on port %d answers (log: %s)", redisPort, redisDirectory.resolve("redis.log")).isTrue();
    }

    /** PING answered PONG (not LOADING: the AOF is loaded). */
    private static boolean answersPing() {
        try (Socket socket = new Socket("127.0.0.1", redisPort)) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[64];
            int read = in.read(answer);
            return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }
}
