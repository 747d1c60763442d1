package io.stagedoor.bootstrap.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;
import redis.embedded.RedisServer;

/**
 * Makes the app runnable with one command, and only on purpose: when neither PostgreSQL ({@code spring.r2dbc.url})
 * nor Redis ({@code spring.data.redis.host} / {@code spring.data.redis.url}) is configured, starts a real embedded
 * server of each on a free port, points the standard Spring Boot properties at them and says so in a WARN banner
 * (health and {@code /actuator/info} say "embedded" too). When only one of the two is configured, the app refuses to
 * start and names the missing setting: a typo in one variable must not quietly give an instance a throwaway database
 * or a waiting room of its own. The {@code prod} profile never starts embedded servers. Demo data defaults to on
 * exactly when PostgreSQL is embedded ({@code stagedoor.embedded.started-postgres} then says so).
 * <p>
 * The embedded servers stop after the application context has closed (its last bean to be destroyed), so nothing
 * reconnects to a server that went first; a JVM shutdown hook stops them when no context ever started.
 */
public final class EmbeddedServersPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "stagedoorEmbeddedServers";
    static final String PROD_PROFILE = "prod";
    static final String POSTGRES_SETTING = "spring.r2dbc.url (SPRING_R2DBC_URL)";
    static final String REDIS_SETTING = "spring.data.redis.host or spring.data.redis.url (SPRING_DATA_REDIS_HOST, SPRING_DATA_REDIS_URL)";

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
        boolean postgresConfigured = environment.containsProperty("spring.r2dbc.url");
        boolean redisConfigured = environment.containsProperty("spring.data.redis.host")
                || environment.containsProperty("spring.data.redis.url");
        Map<String, Object> properties = new LinkedHashMap<>();
        if (postgresConfigured && redisConfigured) {
            properties.put("stagedoor.demo-data-default", false);
            properties.put("stagedoor.embedded.started-postgres", false);
            properties.put("stagedoor.embedded.started-redis", false);
            properties.put("info.servers", "configured");
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, properties));
            return;
        }
        if (environment.acceptsProfiles(Profiles.of(PROD_PROFILE))) {
            throw new IllegalStateException("The prod profile never starts embedded servers: set "
                    + (postgresConfigured ? "" : POSTGRES_SETTING) + (postgresConfigured || redisConfigured ? "" : " and ")
                    + (redisConfigured ? "" : REDIS_SETTING));
        }
        if (postgresConfigured != redisConfigured) {
            throw new IllegalStateException((postgresConfigured ? "PostgreSQL" : "Redis") + " is configured but "
                    + (postgresConfigured ? "Redis" : "PostgreSQL") + " is not: set "
                    + (postgresConfigured ? REDIS_SETTING : POSTGRES_SETTING) + ". Embedded servers start only when "
                    + "neither is configured, so that one typo never gives an instance a throwaway server of its own.");
        }
        EmbeddedServers servers = new EmbeddedServers();
        Runtime.getRuntime().addShutdownHook(new Thread(servers::stopUnlessAContextOwnsThem, "embedded-servers-stop"));
        int postgresPort = servers.startPostgres();
        int redisPort = servers.startRedis();
        properties.put("spring.r2dbc.url", "r2dbc:postgresql://127.0.0.1:" + postgresPort + "/postgres");
        properties.put("spring.r2dbc.username", "postgres");
        properties.put("spring.r2dbc.password", "postgres");
        properties.put("spring.data.redis.host", "127.0.0.1");
        properties.put("spring.data.redis.port", redisPort);
        properties.put("stagedoor.demo-data-default", true);
        // a one-process demo: the identity may then sign with a key of its own (see BuiltInIssuerConfiguration)
        properties.put("stagedoor.embedded.started-postgres", true);
        properties.put("stagedoor.embedded.started-redis", true);
        properties.put("info.servers", "embedded");
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, properties));
        application.addInitializers(context -> servers.ownedBy(context));
        log.warn("""

                ************************************************************************************************
                *  EMBEDDED SERVERS: neither PostgreSQL nor Redis is configured, so this instance started its   *
                *  own throwaway PostgreSQL (port %d) and Redis (port %d) with demo data. Fine for a demo;  *
                *  nothing survives a restart and no other instance shares them. To use real servers set      *
                *  SPRING_R2DBC_URL and SPRING_DATA_REDIS_HOST; the prod profile never starts embedded ones.   *
                ************************************************************************************************"""
                .formatted(postgresPort, redisPort));
    }

    @Override
    public int getOrder() {
        // after config files and environment variables are loaded, so configured servers are seen
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The embedded servers of one start, stopped once: with the context that uses them, or at JVM exit. */
    static final class EmbeddedServers {

        private EmbeddedPostgres postgres;
        private RedisServer redis;
        private volatile boolean owned;

        int startPostgres() {
            try {
                // the data directory is left for the next start's clean-up of stale ones: deleting it at stop takes
                // seconds on a busy disk, and the stop should take at most 5 s
                postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "200")
                        .setCleanDataDirectory(false).start();
                return postgres.getPort();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
            }
        }

        int startRedis() {
            try {
                int port;
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                        .setting("save \"\"").setting("appendonly no").build();
                redis.start();
                return port;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded Redis", e);
            }
        }

        /**
         * Registered first, the servers are destroyed last: after the web server stopped, in-flight work finished and
         * the Redis and PostgreSQL clients closed.
         */
        void ownedBy(ConfigurableApplicationContext context) {
            if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
                owned = true;
                beans.registerDisposableBean("stagedoorEmbeddedServers", this::stop);
            }
        }

        void stopUnlessAContextOwnsThem() {
            // the context's own shutdown hook, running at the same time, stops them after its beans
            if (!owned) {
                stop();
            }
        }

        synchronized void stop() {
            long started = System.nanoTime();
            if (redis != null) {
                try {
                    redis.stop();
                } catch (IOException ignored) {
                    // the process is exiting either way
                }
                redis = null;
            }
            if (postgres != null) {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the process is exiting either way
                }
                postgres = null;
                LogFactory.getLog(EmbeddedServersPostProcessor.class).info("Embedded servers stopped in "
                        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
            }
        }
    }
}
