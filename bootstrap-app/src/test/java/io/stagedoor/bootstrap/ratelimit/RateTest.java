package io.stagedoor.bootstrap.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateTest {

    @Test
    void aRateIsWrittenCountSlashIsoDuration() {
        assertThat(Rate.valueOf("10/PT1M")).isEqualTo(new Rate(10, Duration.ofMinutes(1)));
        assertThat(Rate.valueOf(" 30 / pt1h ")).isEqualTo(new Rate(30, Duration.ofHours(1)));
        assertThat(Rate.valueOf("10/PT1M").intervalMillis()).isEqualTo(6000);
    }

    @Test
    void nonsenseRatesAreRefused() {
        assertThatThrownBy(() -> Rate.valueOf("10")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rate.valueOf("0/PT1M")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rate.valueOf("10/PT0S")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rate.valueOf("5000/PT1S")).isInstanceOf(IllegalArgumentException.class);
    }
}
