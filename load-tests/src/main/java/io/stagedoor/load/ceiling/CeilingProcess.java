package io.stagedoor.load.ceiling;

import io.stagedoor.load.HarnessOptions;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts the ceiling app as a child JVM (same jar, same Redis and PostgreSQL as the app) and stops it at the end. */
public final class CeilingProcess implements AutoCloseable {

    private final Process process;
    private final String url;

    private CeilingProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    public static CeilingProcess start(HarnessOptions options) throws IOException, InterruptedException {
        int port = options.ceilingPort();
        URI redis = URI.create(options.redisUrl());
        String database = redis.getPath() == null || redis.getPath().length() <= 1 ? "0" : redis.getPath().substring(1);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(javaBin));
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath, "ceiling-app"));
        } else {
            command.addAll(List.of("-cp", classPath, "io.stagedoor.load.LoadMain", "ceiling-app"));
        }
        command.addAll(List.of("--server.port=" + port,
                "--spring.r2dbc.url=" + options.r2dbcUrl(),
                "--spring.r2dbc.username=" + options.dbUser(),
                "--spring.r2dbc.password=" + options.dbPassword(),
                "--spring.data.redis.host=" + redis.getHost(),
                "--spring.data.redis.port=" + (redis.getPort() > 0 ? redis.getPort() : 6379),
                "--spring.data.redis.database=" + database));
        Path log = Path.of(options.out()).toAbsolutePath().resolveSibling("ceiling-app.log");
        log.getParent().toFile().mkdirs();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String url = "http://127.0.0.1:" + port;
        CeilingProcess started = new CeilingProcess(process, url);
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ceiling app exited with " + process.exitValue() + "; see " + log);
            }
            try {
                int status = probe.send(HttpRequest.newBuilder(URI.create(url + "/ceiling/postgres")).timeout(Duration.ofSeconds(2)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    System.out.println("ceiling app up on " + url + " (log " + log + ")");
                    return started;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        started.close();
        throw new IllegalStateException("ceiling app did not answer within 60 s; see " + log);
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
