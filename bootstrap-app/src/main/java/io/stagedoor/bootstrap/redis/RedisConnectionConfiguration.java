package io.stagedoor.bootstrap.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * One shared, pipelined Lettuce connection (docs/architecture.md, Data), opened at start-up on the main thread — Spring Data would
 * otherwise open it lazily and block the first event loop that needs it — and failing fast while Redis is away,
 * so callers answer 503 at once instead of queueing commands until they time out, and reconnecting promptly once
 * Redis is back.
 */
@Configuration(proxyBeanMethods = false)
class RedisConnectionConfiguration {

    @Bean
    static BeanPostProcessor eagerLettuceConnection() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof LettuceConnectionFactory factory) {
                    factory.setEagerInitialization(true);
                    factory.setShareNativeConnection(true);
                }
                return bean;
            }
        };
    }

    @Bean
    LettuceClientConfigurationBuilderCustomizer failFastWhileDisconnected(@Value("${spring.data.redis.timeout:2s}") Duration timeout) {
        return builder -> builder.clientOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    /**
     * Lettuce's default reconnect back-off doubles up to 30 s, so after an outage of a minute the queue would go on
     * answering 503 for up to half a minute after Redis is back. Capped (one attempt a second by default), the wait
     * after recovery is at most the cap, and a Redis that is still down gets one connection attempt a second per
     * instance.
     */
    @Bean
    ClientResourcesBuilderCustomizer promptReconnect(@Value("${stagedoor.redis.reconnect-delay-max:PT1S}") Duration max) {
        if (max.isNegative() || max.isZero()) {
            throw new IllegalArgumentException("stagedoor.redis.reconnect-delay-max must be positive, was " + max);
        }
        return builder -> builder.reconnectDelay(Delay.exponential(Duration.ZERO, max, 2, TimeUnit.MILLISECONDS));
    }
}
