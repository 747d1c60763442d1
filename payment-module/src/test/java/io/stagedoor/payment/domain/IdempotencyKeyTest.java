package io.stagedoor.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {

    @Test
    void oneCharacterAndSixtyFourPrintableCharactersAreKeys() {
        assertThat(IdempotencyKey.of("a").value()).isEqualTo("a");
        String longest = "k".repeat(63) + "~";
        assertThat(IdempotencyKey.of(longest).value()).hasSize(64);
        assertThat(IdempotencyKey.of("order 17 / try #2 {x}").value()).isEqualTo("order 17 / try #2 {x}");
    }

    @Test
    void sixtyFiveCharactersAreTooMany() {
        assertThatThrownBy(() -> IdempotencyKey.of("k".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Idempotency-Key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "tab\there", "new\nline", "caf\u00e9", "\u00a0nbsp", "emoji\ud83d\ude00", "del\u007f"})
    void emptyBlankControlAndNonAsciiKeysAreRefused(String key) {
        assertThatThrownBy(() -> IdempotencyKey.of(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullIsNotAKey() {
        assertThatThrownBy(() -> IdempotencyKey.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
