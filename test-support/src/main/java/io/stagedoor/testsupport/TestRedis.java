package io.stagedoor.testsupport;

import java.util.Map;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The shared test Redis, with its test database flushed on creation so every test class starts clean.
 * Tests in one JVM run one class at a time, so flushing here never pulls data from under a neighbour.
 */
public final class TestRedis implements AutoCloseable {

    private final RedisServer server;
    private final LettuceConnectionFactory connectionFactory;

    private TestRedis(RedisServer server) {
        this.server = server;
        RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(server.host(), server.port());
        configuration.setDatabase(server.database());
        this.connectionFactory = new LettuceConnectionFactory(configuration);
        // connect now, on the test thread: a lazy first connect would block whichever event loop used it first
        this.connectionFactory.setEagerInitialization(true);
        this.connectionFactory.afterPropertiesSet();
        this.connectionFactory.start();
    }

    public static TestRedis create() {
        TestRedis redis = new TestRedis(TestServers.redis());
        redis.flush();
        return redis;
    }

    /** Connections of their own to the same server and database, leaving its data as it is. */
    public TestRedis anotherConnection() {
        return new TestRedis(server);
    }

    public LettuceConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    public ReactiveStringRedisTemplate template() {
        return new ReactiveStringRedisTemplate(connectionFactory);
    }

    public RedisServer server() {
        return server;
    }

    /** Empties the test database; call between tests that must not see each other's keys. */
    public void flush() {
        try (var connection = connectionFactory.getConnection()) {
            connection.serverCommands().flushDb();
        }
    }

    /** Spring Boot properties that point an application context at this Redis. */
    public Map<String, String> springProperties() {
        return Map.of(
                "spring.data.redis.host", server.host(),
                "spring.data.redis.port", Integer.toString(server.port()),
                "spring.data.redis.database", Integer.toString(server.database()));
    }

    @Override
    public void close() {
        connectionFactory.destroy();
    }
}
