package io.stagedoor.bootstrap.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * One shared, pipelined Lettuce connection (DESIGN §9), opened at start-up on the main thread — Spring Data would
 * otherwise open it lazily and block the first event loop that needs it — and failing fast while Redis is away,
 * so callers answer 503 at once instead of queueing commands until they time out.
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
}
