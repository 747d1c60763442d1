package io.stagedoor.bootstrap.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.StagedoorApplication;
import io.stagedoor.testsupport.Polling;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An app instance in a JVM of its own, on a test's servers, with the test classes left out of its class path: a
 * process that can really be killed (SIGKILL) or stopped (SIGTERM), which an instance inside the test JVM cannot.
 * Its output goes to {@code <java.io.tmpdir>/stagedoor-<name>-<port>.log} (the port keeps builds that run at the
 * same time on one machine apart). Close it when done (it is SIGKILLed if still up).
 */
public final class AppInstanceProcess implements AutoCloseable {

    /**
     * How long the start may take. Start-up time is not what the tests using this bound, and a JVM starting on a
     * machine whose 2 cores carry a load average of 30 (other builds, a soak) was seen to need more than 90 s.
     */
    private static final Duration READY_WITHIN = Duration.ofSeconds(180);

    private final Process process;
    private final int port;

    private AppInstanceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the instance with {@code properties} (e.g. {@link StagedoorAppTest#appProperties()}) and then
     * {@code extraSettings} ({@code name=value}, winning over the properties), and waits until it is ready.
     */
    public static AppInstanceProcess start(String name, Map<String, String> properties, List<String> extraSettings)
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", appClassPath(), StagedoorApplication.class.getName()));
        properties.forEach((property, value) -> command.add("--" + property + "=" + value));
        extraSettings.forEach(setting -> command.add("--" + setting));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "stagedoor-" + name + "-" + port + ".log"));
        // application.yaml binds server.port to ${PORT:8080}
        builder.environment().put("PORT", Integer.toString(port));
        AppInstanceProcess instance = new AppInstanceProcess(builder.start(), port);
        try {
            instance.awaitReady();
        } catch (Exception | AssertionError notReady) {
            instance.close();
            throw notReady;
        }
        return instance;
    }

    public int port() {
        return port;
    }

    /** A client for this instance. */
    public WebTestClient client() {
        return StagedoorAppTest.clientFor(port);
    }

    /**
     * Opens the event stream of the fan holding {@code queueToken} on this instance, and returns once its first event
     * arrived: a stop that follows meets an open stream.
     */
    public EventStream openEventStream(String queueToken) throws InterruptedException {
        CountDownLatch streaming = new CountDownLatch(1);
        CompletableFuture<List<ServerSentEvent<Map<String, Object>>>> namedEvents = client().get()
                .uri("/api/v1/queue/events").header("Queue-Token", queueToken).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() { })
                .getResponseBody()
                .doOnNext(event -> streaming.countDown())
                .filter(event -> event.event() != null)
                .collectList()
                .toFuture();
        if (!streaming.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the event stream did not open within 10 s");
        }
        return new EventStream(namedEvents);
    }

    /** An open event stream, and what a stopping instance must end it with. */
    public record EventStream(CompletableFuture<List<ServerSentEvent<Map<String, Object>>>> namedEvents) {

        /** The named events (status updates, the last error) once the stream ended, waiting at most {@code timeout}. */
        public List<ServerSentEvent<Map<String, Object>>> untilEnd(Duration timeout)
                throws InterruptedException, ExecutionException, TimeoutException {
            return namedEvents.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /**
         * Asserts that the stream ended as a stopping instance ends it: a last {@code error} event QUEUE_UNAVAILABLE
         * that tells the client when to retry.
         */
        public static void assertEndsWithRetryHint(List<ServerSentEvent<Map<String, Object>>> events) {
            ServerSentEvent<Map<String, Object>> last = events.get(events.size() - 1);
            assertThat(last.event()).isEqualTo("error");
            assertThat(last.data().get("code")).isEqualTo("QUEUE_UNAVAILABLE");
            assertThat((String) last.data().get("detail")).contains("retry after 1 s");
        }
    }

    /** SIGKILL, as a crash or an OOM killer would: nothing of the app runs any more. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, as an orchestrator stopping the instance does: the app shuts down gracefully. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; true when it ended within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        boolean ready = Polling.within(READY_WITHIN, Duration.ofMillis(250), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the instance process exited with " + process.exitValue());
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception notYet) {
                return false;
            }
        });
        if (!ready) {
            throw new AssertionError("the instance process was not ready within " + READY_WITHIN);
        }
    }

    /** The test JVM's class path (surefire may pass it in a manifest-only jar), less the test classes. */
    private static String appClassPath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && entry.contains("surefire")) {
                try (JarFile jar = new JarFile(entry)) {
                    String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
                    if (classPath != null) {
                        for (String url : classPath.trim().split(" +")) {
                            entries.add(Path.of(URI.create(url)).toString());
                        }
                        continue;
                    }
                }
            }
            entries.add(entry);
        }
        return entries.stream().filter(entry -> !entry.replace('\\', '/').matches(".*/test-classes/?"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
