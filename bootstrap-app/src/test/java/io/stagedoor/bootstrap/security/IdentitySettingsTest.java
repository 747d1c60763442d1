package io.stagedoor.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.TestSigningKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentitySettingsTest {

    @Test
    void theSettingsNeverPrintTheKeysTheyCarry() {
        TestSigningKey signing = TestSigningKey.generate();
        TestSigningKey previous = TestSigningKey.generate();
        IdentitySettings settings = new IdentitySettings("stagedoor", Duration.ofMinutes(15), signing.privatePem(),
                List.of(previous.privatePem()), 100,
                new IdentitySettings.External(null, null, "sub", null, 100));

        String printed = settings.toString();

        assertThat(printed).contains("issuer=stagedoor", "signingKey=(set)", "acceptedKeys=1");
        for (String pem : List.of(signing.privatePem(), previous.privatePem())) {
            pem.lines().filter(line -> !line.startsWith("-----") && line.length() >= 32)
                    .forEach(keyLine -> assertThat(printed).doesNotContain(keyLine));
        }
    }
}
