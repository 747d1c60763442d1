package io.stagedoor.account.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordTest {

    @Test
    void twelveToHundredTwentyEightCharactersAreAllowed() {
        assertThat(Password.of("a".repeat(12)).reveal()).hasSize(12);
        assertThat(Password.of("a".repeat(128)).reveal()).hasSize(128);
        assertThatThrownBy(() -> Password.of("a".repeat(11))).hasMessage("password must be 12 to 128 characters");
        assertThatThrownBy(() -> Password.of("a".repeat(129))).hasMessage("password must be 12 to 128 characters");
        assertThatThrownBy(() -> Password.of(null)).hasMessage("password is required");
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        String twelveEmoji = "\uD83C\uDFB5".repeat(12);
        assertThat(Password.of(twelveEmoji).reveal()).isEqualTo(twelveEmoji);
        assertThatThrownBy(() -> Password.of("\uD83C\uDFB5".repeat(129))).hasMessageContaining("12 to 128");
    }

    @Test
    void neitherToStringNorARefusalShowsThePassword() {
        String secret = "my secret passphrase";
        assertThat(Password.of(secret).toString()).doesNotContain(secret).contains("redacted");
        assertThatThrownBy(() -> Password.of("short-pw")).message().doesNotContain("short-pw");
    }
}
