package io.stagedoor.concert.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HoldPolicyTest {

    private static final Instant T0 = Instant.parse("2026-12-24T10:00:00Z");

    @Test
    void holdRunsOutAfterTheConfiguredDuration() {
        HoldPolicy policy = new HoldPolicy(Duration.ofSeconds(90));

        assertThat(policy.expiresAt(T0)).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void defaultHoldIsFiveMinutes() {
        assertThat(HoldPolicy.standard().expiresAt(T0)).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void holdIsLiveStrictlyBeforeItsExpiryAndNotAtIt() {
        Instant expiresAt = T0.plusSeconds(1);

        assertThat(HoldPolicy.isLive(expiresAt, T0)).isTrue();
        assertThat(HoldPolicy.isLive(expiresAt, expiresAt.minusNanos(1))).isTrue();
        assertThat(HoldPolicy.isLive(expiresAt, expiresAt)).isFalse();
        assertThat(HoldPolicy.isLive(expiresAt, expiresAt.plusMillis(1))).isFalse();
    }

    @Test
    void zeroNegativeOrAbsurdDurationsAreRefused() {
        assertThatThrownBy(() -> new HoldPolicy(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HoldPolicy(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HoldPolicy(Duration.ofDays(2))).isInstanceOf(IllegalArgumentException.class);
    }
}
