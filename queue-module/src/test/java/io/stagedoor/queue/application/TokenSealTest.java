package io.stagedoor.queue.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.queue.domain.QueueToken;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenSealTest {

    private static final TokenSeal SEAL = new TokenSeal("a-test-key-that-is-at-least-32-chars".getBytes(StandardCharsets.UTF_8));
    private static final QueueToken ISSUED = SEAL.seal(new QueueToken(3, 42, "1873.AQIDBAUGBwgJCgsMDQ4P_w"));

    @Test
    void aSealedTokenParsesBackAndIsTrusted() {
        assertThat(ISSUED.value()).startsWith("3.42.1873.AQIDBAUGBwgJCgsMDQ4P_w.");
        QueueToken parsed = QueueToken.parse(ISSUED.value()).orElseThrow();

        assertThat(parsed).isEqualTo(ISSUED);
        assertThat(parsed.seq()).isEqualTo(1873);
        assertThat(SEAL.trusted(parsed)).isTrue();
    }

    @Test
    void aTokenWithAChangedSequenceUserOrConcertIsNotTrusted() {
        String seal = ISSUED.seal();
        for (String forged : new String[] {
                "3.42.1.AQIDBAUGBwgJCgsMDQ4P_w." + seal,
                "3.43.1873.AQIDBAUGBwgJCgsMDQ4P_w." + seal,
                "4.42.1873.AQIDBAUGBwgJCgsMDQ4P_w." + seal,
                "3.42.1873.AQIDBAUGBwgJCgsMDQ4P_x." + seal}) {
            assertThat(SEAL.trusted(QueueToken.parse(forged).orElseThrow())).as(forged).isFalse();
        }
    }

    @Test
    void anotherKeyDoesNotTrustTheSeal() {
        TokenSeal other = new TokenSeal("another-key-that-is-at-least-32-chars".getBytes(StandardCharsets.UTF_8));

        assertThat(other.trusted(ISSUED)).isFalse();
    }

    @Test
    void anOldFormatTokenIsLeftToTheStoreButASequenceWithoutASealIsNeverTrusted() {
        QueueToken legacy = QueueToken.parse("3.42.AQIDBAUGBwgJCgsMDQ4P_w").orElseThrow();

        assertThat(legacy.carriesSeq()).isFalse();
        assertThat(SEAL.trusted(legacy)).as("old format: Redis decides").isTrue();
        assertThat(SEAL.seal(legacy)).as("nothing to seal").isEqualTo(legacy);
        assertThat(SEAL.trusted(new QueueToken(3, 42, "1873.AQIDBAUGBwgJCgsMDQ4P_w"))).isFalse();
        assertThat(QueueToken.parse("3.42.1873.AQIDBAUGBwgJCgsMDQ4P_w")).as("seq without seal does not parse").isEmpty();
    }
}
