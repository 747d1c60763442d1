package io.stagedoor.bootstrap.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * An RSA signing key for tests: its PEM goes into the app's configuration, and tests sign tokens with it exactly as the
 * app would (RS256, {@code kid} = the key's RFC 7638 thumbprint), or on purpose not quite as the app would.
 */
public final class TestSigningKey {

    private final KeyPair pair;
    private final RSAKey jwk;

    private TestSigningKey(KeyPair pair) {
        this.pair = pair;
        try {
            this.jwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyIDFromThumbprint()
                    .build();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestSigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new TestSigningKey(generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key as PEM PKCS#8, what {@code stagedoor.identity.signing-key} takes. */
    public String privatePem() {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    /** The public key as PEM, what {@code stagedoor.identity.accepted-keys} takes. */
    public String publicPem() {
        return pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    public String keyId() {
        return jwk.getKeyID();
    }

    /** The public half as a JWK Set, as an issuer publishes it. */
    public String publicJwkSet() {
        return new JWKSet(jwk.toPublicJWK()).toString();
    }

    /** A token as the app's built-in issuer {@code issuer} would sign it for {@code userId}, valid for {@code lifetime}. */
    public String accessToken(String issuer, long userId, Duration lifetime) {
        Instant now = Instant.now();
        return sign(new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(Long.toString(userId))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build());
    }

    /** Any claims, signed RS256 with this key and its kid. */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId()).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(pair.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
