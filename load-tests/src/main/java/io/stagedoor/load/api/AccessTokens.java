package io.stagedoor.load.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens for the harness's users, signed with the app's own signing key exactly as the app's built-in issuer
 * signs them (RS256, {@code kid} = the key's RFC 7638 thumbprint, {@code iss}, {@code sub} = the user id). Signing in
 * tens of thousands of users through {@code POST /auth/tokens} would spend minutes of CPU on password hashes that are
 * slow on purpose; the app validates these tokens on exactly the same path as its own. The sign-in cost itself is
 * measured apart (raw "accounts" section).
 */
public final class AccessTokens {

    /** Longer than any run, so no token runs out mid-pass. */
    static final Duration LIFETIME = Duration.ofHours(6);

    private final RSAKey key;
    private final String issuer;
    private final Map<Long, String> authorizations = new ConcurrentHashMap<>();

    private AccessTokens(RSAKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    /** From the PEM PKCS#8 RSA private key the app is configured with ({@code stagedoor.identity.signing-key}). */
    public static AccessTokens fromPem(String pem, String issuer) {
        String normalised = pem.replace("\\n", "\n");
        if (!normalised.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("the signing key must be the app's PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----)");
        }
        String body = normalised.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s+", "");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new AccessTokens(new RSAKey.Builder(publicKey).privateKey(privateKey).keyIDFromThumbprint().build(), issuer);
        } catch (GeneralSecurityException | JOSEException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("not a PEM PKCS#8 RSA private key: " + e.getMessage(), e);
        }
    }

    /** {@code Bearer <token>} for the user, signed once and then reused. */
    public String authorization(long userId) {
        return authorizations.computeIfAbsent(userId, id -> "Bearer " + sign(id));
    }

    private String sign(long userId) {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(issuer).subject(Long.toString(userId))
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(LIFETIME))).build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token for user " + userId, e);
        }
        return jwt.serialize();
    }
}
