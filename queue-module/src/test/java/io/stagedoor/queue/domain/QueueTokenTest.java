package io.stagedoor.queue.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueueTokenTest {

    private static final byte[] RANDOM = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, (byte) 0xff};

    @Test
    void issuedTokenCarriesConcertUserAndAllRandomBytesAndParsesBack() {
        QueueToken token = QueueToken.issue(7, 42, RANDOM);

        assertThat(token.value()).startsWith("7.42.");
        assertThat(Base64.getUrlDecoder().decode(token.secret())).containsExactly(RANDOM);
        assertThat(QueueToken.parse(token.value())).contains(token);
    }

    @Test
    void aSecretNeedsExactlySixteenRandomBytes() {
        assertThatThrownBy(() -> QueueToken.issue(1, 1, new byte[15])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueueToken.issue(1, 1, new byte[17])).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "abc", "1.2", "1.2.short", "0.2.AQIDBAUGBwgJCgsMDQ4P_w", "1.0.AQIDBAUGBwgJCgsMDQ4P_w",
            "-1.2.AQIDBAUGBwgJCgsMDQ4P_w", "1.2.AQIDBAUGBwgJCgsMDQ4P_w=", "1.2.AQIDBAUGBwgJCgsMDQ4P/w",
            "1.2.AQIDBAUGBwgJCgsMDQ4P_w.x", "x.2.AQIDBAUGBwgJCgsMDQ4P_w", "99999999999999999999.2.AQIDBAUGBwgJCgsMDQ4P_w"})
    void malformedTokensDoNotParse(String raw) {
        assertThat(QueueToken.parse(raw)).isEmpty();
    }

    @Test
    void toStringNeverShowsTheSecret() {
        QueueToken token = QueueToken.issue(7, 42, RANDOM);

        assertThat(token.toString()).doesNotContain(token.secret()).contains("7.42");
    }
}
