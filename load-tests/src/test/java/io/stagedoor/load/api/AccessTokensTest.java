package io.stagedoor.load.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The harness signs tokens as the app's built-in issuer does: RS256, the key's thumbprint as kid, iss and sub. */
class AccessTokensTest {

    @Test
    void aTokenIsSignedWithTheAppsKeyAndNamesTheUser() throws Exception {
        KeyPair pair = rsaKeyPair();
        AccessTokens tokens = AccessTokens.fromPem(pem(pair), "stagedoor");

        String authorization = tokens.authorization(42);
        SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));

        assertThat(authorization).startsWith("Bearer ");
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) pair.getPublic()))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getKeyID())
                .isEqualTo(new RSAKey.Builder((RSAPublicKey) pair.getPublic()).build().computeThumbprint().toString());
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("42");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("stagedoor");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isAfter(Instant.now().plusSeconds(3600));
        assertThat(tokens.authorization(42)).as("signed once, then reused").isSameAs(authorization);
    }

    @Test
    void aPemWithEscapedLineBreaksIsReadAndAPublicKeyIsRefused() throws Exception {
        KeyPair pair = rsaKeyPair();

        assertThat(AccessTokens.fromPem(pem(pair).replace("\n", "\\n"), "stagedoor").authorization(1)).startsWith("Bearer ");
        assertThatThrownBy(() -> AccessTokens.fromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "x"))
                .hasMessageContaining("PRIVATE KEY");
    }

    private static KeyPair rsaKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
