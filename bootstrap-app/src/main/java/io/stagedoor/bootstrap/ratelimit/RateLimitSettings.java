package io.stagedoor.bootstrap.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code stagedoor.rate-limit.*}: every limit of docs/security.md ("Rate limits"), with the README's defaults. The
 * Redis-kept limits are shared by every instance; the status-poll limit is kept in each instance's memory.
 *
 * @param enabled            {@code false} turns every limit off (the load harness measures capacity, not limits)
 * @param signInPerUser      sign-ins naming one user id, from anywhere
 * @param signInPerAddress   sign-ins from one client address, whatever user they name
 * @param signUpPerAddress   sign-ups from one client address
 * @param joinPerAddress     joins ({@code POST /queue/tokens}) from one client address
 * @param joinPerUser        joins by one signed-in user
 * @param statusPollBurst    status polls one token may make back to back; {@code 0} turns the poll limit off
 * @param statusPollSpacing  after the burst, the least time between two polls of one token
 * @param statusPollTokens   most tokens whose polls each instance remembers
 * @param redisTimeout       longest wait for Redis's answer to one check
 * @param redisRetry         after Redis failed a check, how long checks skip it (fail open, or closed for sign-in)
 */
@ConfigurationProperties("stagedoor.rate-limit")
public record RateLimitSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10/PT1M") Rate signInPerUser,
        @DefaultValue("60/PT1M") Rate signInPerAddress,
        @DefaultValue("30/PT1H") Rate signUpPerAddress,
        @DefaultValue("120/PT1M") Rate joinPerAddress,
        @DefaultValue("20/PT1M") Rate joinPerUser,
        @DefaultValue("3") int statusPollBurst,
        @DefaultValue("PT0.25S") Duration statusPollSpacing,
        @DefaultValue("100000") int statusPollTokens,
        @DefaultValue("PT0.5S") Duration redisTimeout,
        @DefaultValue("PT1S") Duration redisRetry) {

    public RateLimitSettings {
        if (statusPollBurst < 0 || statusPollTokens < 1) {
            throw new IllegalArgumentException("stagedoor.rate-limit.status-poll-burst must be >= 0 and status-poll-tokens >= 1");
        }
        if (statusPollSpacing.isNegative() || redisTimeout.isNegative() || redisTimeout.isZero() || redisRetry.isNegative()) {
            throw new IllegalArgumentException("stagedoor.rate-limit durations must be positive");
        }
    }
}
