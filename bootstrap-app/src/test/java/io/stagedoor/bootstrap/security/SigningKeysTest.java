package io.stagedoor.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.bootstrap.support.TestSigningKey;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

    private static final TestSigningKey CURRENT = TestSigningKey.generate();
    private static final TestSigningKey PREVIOUS = TestSigningKey.generate();

    @Test
    void theKeyIdIsTheKeysThumbprintSoEveryInstanceNamesItAlike() {
        SigningKeys keys = SigningKeys.fromPem(CURRENT.privatePem(), List.of());

        assertThat(keys.signing().getKeyID()).isEqualTo(CURRENT.keyId());
        assertThat(SigningKeys.fromPem(CURRENT.privatePem(), List.of()).signing().getKeyID()).isEqualTo(CURRENT.keyId());
    }

    @Test
    void theJwkSetHasTheSigningKeyAndTheAcceptedKeysPublicOnly() {
        SigningKeys keys = SigningKeys.fromPem(CURRENT.privatePem(), List.of(PREVIOUS.publicPem(), CURRENT.publicPem()));

        assertThat(keys.publicKeys().getKeys()).extracting(key -> key.getKeyID())
                .containsExactly(CURRENT.keyId(), PREVIOUS.keyId());
        assertThat(keys.publicKeys().getKeys()).noneMatch(key -> key.isPrivate());
    }

    @Test
    void aPemWithEscapedOrNoLineBreaksAsEnvironmentVariablesCarryItIsRead() {
        String oneLine = CURRENT.privatePem().replace("\n", "\\n");
        String noBreaks = CURRENT.privatePem().replace("\n", " ");

        assertThat(SigningKeys.fromPem(oneLine, List.of()).signing().getKeyID()).isEqualTo(CURRENT.keyId());
        assertThat(SigningKeys.fromPem(noBreaks, List.of()).signing().getKeyID()).isEqualTo(CURRENT.keyId());
    }

    @Test
    void anythingButAnRsaPrivateKeyOfAtLeast2048BitsIsRefused() throws Exception {
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        String weak = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(small.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> SigningKeys.fromPem(weak, List.of())).hasMessageContaining("at least 2048 bits");
        assertThatThrownBy(() -> SigningKeys.fromPem(CURRENT.publicPem(), List.of()))
                .hasMessageContaining("PKCS#8 RSA private key");
        assertThatThrownBy(() -> SigningKeys.fromPem(CURRENT.privatePem(), List.of("not a key")))
                .hasMessageContaining("accepted-keys");
    }
}
