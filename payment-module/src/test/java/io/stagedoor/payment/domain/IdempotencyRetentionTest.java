package io.stagedoor.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdempotencyRetentionTest {

    @Test
    void keysAreKeptAtLeastADay() {
        assertThatThrownBy(() -> new IdempotencyRetention(Duration.ofHours(24).minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least");
        assertThat(new IdempotencyRetention(Duration.ofHours(24)).duration()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void keysCreatedBeforeNowMinusTheRetentionMayBePurged() {
        Instant now = Instant.parse("2026-12-24T10:00:00Z");
        assertThat(new IdempotencyRetention(Duration.ofHours(48)).purgeBefore(now)).isEqualTo(Instant.parse("2026-12-22T10:00:00Z"));
    }
}
