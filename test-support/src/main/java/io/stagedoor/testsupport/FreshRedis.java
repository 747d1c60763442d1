package io.stagedoor.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The test Redis for one test class: connected before its first test, emptied before each test (ahead of the
 * class's own {@code @BeforeEach}), closed after its last. Register it on a static field:
 * <pre>{@code @RegisterExtension static final FreshRedis redis = new FreshRedis();}</pre>
 */
public final class FreshRedis implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final List<TestRedis> otherInstances = new ArrayList<>();
    private TestRedis redis;

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = TestRedis.create();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        redis.flush();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        otherInstances.forEach(TestRedis::close);
        otherInstances.clear();
        redis.close();
        redis = null;
    }

    public LettuceConnectionFactory connectionFactory() {
        return current().connectionFactory();
    }

    public ReactiveStringRedisTemplate template() {
        return current().template();
    }

    /** Empties the test database in the middle of a test. */
    public void flush() {
        current().flush();
    }

    /**
     * Connections of their own to the same Redis, as a second app instance would have (its scripts then race this
     * instance's on separate connections); closed after the class.
     */
    public LettuceConnectionFactory anotherInstance() {
        TestRedis other = current().anotherConnection();
        otherInstances.add(other);
        return other.connectionFactory();
    }

    private TestRedis current() {
        if (redis == null) {
            throw new IllegalStateException("FreshRedis is used outside its test class: register it on a static field");
        }
        return redis;
    }
}
