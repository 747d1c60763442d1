package io.stagedoor.bootstrap.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.stagedoor.bootstrap.performance.WheelTimerScheduler;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.WebFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rate limits (docs/security.md, "Rate limits"): on unless {@code stagedoor.rate-limit.enabled=false}, and then
 * not a filter at all, so switching them off costs nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitSettings.class)
class RateLimitConfiguration {

    /** {@code stagedoor.http.trusted-proxies}: the CIDR blocks whose X-Forwarded-For is believed (default none). */
    @Bean
    ClientAddresses clientAddresses(@Value("${stagedoor.http.trusted-proxies:}") List<String> trustedProxies) {
        return ClientAddresses.trusting(trustedProxies);
    }

    @Bean
    @ConditionalOnProperty(name = "stagedoor.rate-limit.enabled", havingValue = "true", matchIfMissing = true)
    WebFilter rateLimitFilter(RateLimitSettings settings, ReactiveStringRedisTemplate redis,
                              ReactiveRedisConnectionFactory redisConnections, WheelTimerScheduler requestTimers,
                              ClientAddresses addresses, JsonMapper json, MeterRegistry meters,
                              @Value("${stagedoor.http.max-body-size:16KB}") DataSize maxBodySize) {
        boolean cluster = redisConnections instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware();
        RedisRateLimiter shared = new RedisRateLimiter(redis, cluster, settings.redisTimeout(), requestTimers,
                settings.redisRetry(), System::nanoTime);
        StatusPollLimiter polls = settings.statusPollBurst() == 0 || settings.statusPollSpacing().isZero() ? null
                : new StatusPollLimiter(settings.statusPollBurst(), settings.statusPollSpacing(), settings.statusPollTokens(),
                        System::nanoTime);
        return new RateLimitFilter(settings, shared, polls, addresses, json, Math.toIntExact(maxBodySize.toBytes()), meters);
    }
}
