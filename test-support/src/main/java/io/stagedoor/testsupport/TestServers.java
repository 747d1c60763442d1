package io.stagedoor.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.ServerSocket;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One way for every test to reach real servers, chosen once per JVM:
 * <ol>
 *   <li>Testcontainers, when a Docker engine answers;</li>
 *   <li>otherwise external servers named by {@code STAGEDOOR_TEST_POSTGRES_URL}
 *       ({@code postgresql://user:password@host:port/adminDatabase}) and
 *       {@code STAGEDOOR_TEST_REDIS_URL} ({@code redis://host:port/database});</li>
 *   <li>otherwise real embedded servers on free ports.</li>
 * </ol>
 * Servers live as long as the JVM; isolation comes from a fresh database per {@link TestDatabase}
 * and a flushed Redis database per {@link TestRedis}.
 */
public final class TestServers {

    private static volatile PostgresServer postgresServer;
    private static volatile RedisServer redisServer;

    private TestServers() {
    }

    public static synchronized PostgresServer postgres() {
        if (postgresServer == null) {
            postgresServer = startPostgres();
        }
        return postgresServer;
    }

    public static synchronized RedisServer redis() {
        if (redisServer == null) {
            redisServer = startRedis();
        }
        return redisServer;
    }

    private static PostgresServer startPostgres() {
        String external = System.getenv("STAGEDOOR_TEST_POSTGRES_URL");
        if (external != null && !external.isBlank()) {
            URI uri = URI.create(external);
            String[] credentials = uri.getUserInfo() == null ? new String[] {"postgres", ""} : uri.getUserInfo().split(":", 2);
            String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
            return new PostgresServer(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), credentials[0],
                    credentials.length > 1 ? credentials[1] : "", database);
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            return new PostgresServer(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                    container.getPassword(), container.getDatabaseName());
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(embedded)));
            return new PostgresServer("127.0.0.1", embedded.getPort(), "postgres", "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    private static RedisServer startRedis() {
        String external = System.getenv("STAGEDOOR_TEST_REDIS_URL");
        if (external != null && !external.isBlank()) {
            URI uri = URI.create(external);
            int database = uri.getPath() == null || uri.getPath().length() <= 1 ? 0 : Integer.parseInt(uri.getPath().substring(1));
            return new RedisServer(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), database);
        }
        if (dockerAvailable()) {
            GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            container.start();
            return new RedisServer(container.getHost(), container.getMappedPort(6379), 0);
        }
        try {
            int port = freePort();
            redis.embedded.RedisServer embedded = redis.embedded.RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            embedded.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.stop();
                } catch (IOException ignored) {
                    // the JVM is going away; the process dies with it
                }
            }));
            return new RedisServer("127.0.0.1", port, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded Redis", e);
        }
    }

    private static boolean dockerAvailable() {
        if ("false".equalsIgnoreCase(System.getenv("STAGEDOOR_TEST_DOCKER"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // shutting down
        }
    }
}
