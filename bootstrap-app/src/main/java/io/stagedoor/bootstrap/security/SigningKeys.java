package io.stagedoor.bootstrap.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.converter.RsaKeyConverters;

/**
 * The built-in issuer's keys: the one that signs (RSA, at least 2048 bits, from a PEM PKCS#8 private key) and the
 * others whose signatures are still accepted during a rotation. Each key's {@code kid} is its RFC 7638 thumbprint, so
 * every instance configured with the same PEM names it the same way without any further setting.
 *
 * <p>RS256 rather than ES256: every request verifies a signature and only a sign-in makes one, and RSA verification is
 * several times cheaper than ECDSA's on the JVM (signing is dearer, but it runs on the password-hashing thread).
 */
public final class SigningKeys {

    static final int MIN_BITS = 2048;
    static final String PRIVATE_KEY_PEM = "PRIVATE KEY";

    private final RSAKey signing;
    private final JWKSet publicKeys;

    private SigningKeys(RSAKey signing, List<RSAKey> accepted) {
        this.signing = signing;
        Map<String, JWK> keys = new LinkedHashMap<>();
        keys.put(signing.getKeyID(), signing.toPublicJWK());
        accepted.forEach(key -> keys.putIfAbsent(key.getKeyID(), key.toPublicJWK()));
        this.publicKeys = new JWKSet(new ArrayList<>(keys.values()));
    }

    /** From PEM text: the signing private key and the accepted keys (public or private PEMs). */
    public static SigningKeys fromPem(String signingKeyPem, List<String> acceptedKeyPems) {
        RSAPrivateKey privateKey = privateKey(signingKeyPem);
        return new SigningKeys(jwk(publicOf(privateKey), privateKey), acceptedKeys(acceptedKeyPems));
    }

    /** A fresh key pair that lives as long as this process (embedded servers only: nothing outlives the process there). */
    public static SigningKeys generated(List<String> acceptedKeyPems) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(MIN_BITS);
            var pair = generator.generateKeyPair();
            RSAKey signing = jwk((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
            return new SigningKeys(signing, acceptedKeys(acceptedKeyPems));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM cannot generate RSA keys", e);
        }
    }

    /** The key that signs new tokens (private). */
    public RSAKey signing() {
        return signing;
    }

    /** The public keys of the signing key and every accepted key, as published at the JWK Set route. */
    public JWKSet publicKeys() {
        return publicKeys;
    }

    private static List<RSAKey> acceptedKeys(List<String> pems) {
        List<RSAKey> accepted = new ArrayList<>();
        for (String pem : pems) {
            if (IdentitySettings.hasText(pem)) {
                accepted.add(jwk(acceptedPublicKey(pem), null));
            }
        }
        return accepted;
    }

    private static RSAKey jwk(RSAPublicKey publicKey, RSAPrivateKey privateKey) {
        if (publicKey.getModulus().bitLength() < MIN_BITS) {
            throw new IllegalArgumentException("Signing keys must be RSA keys of at least " + MIN_BITS + " bits, got "
                    + publicKey.getModulus().bitLength());
        }
        try {
            RSAKey.Builder builder = new RSAKey.Builder(publicKey)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint();
            if (privateKey != null) {
                builder.privateKey(privateKey);
            }
            return builder.build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot compute the key id of a signing key", e);
        }
    }

    private static RSAPrivateKey privateKey(String pem) {
        if (!pem.contains("-----BEGIN " + PRIVATE_KEY_PEM + "-----")) {
            throw new IllegalArgumentException("stagedoor.identity.signing-key must be a PEM PKCS#8 RSA private key "
                    + "(-----BEGIN PRIVATE KEY-----), e.g. from `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`");
        }
        return RsaKeyConverters.pkcs8().convert(stream(pem));
    }

    private static RSAPublicKey acceptedPublicKey(String pem) {
        if (pem.contains("-----BEGIN " + PRIVATE_KEY_PEM + "-----")) {
            return publicOf(privateKey(pem));
        }
        if (!pem.contains("-----BEGIN PUBLIC KEY-----")) {
            throw new IllegalArgumentException("each of stagedoor.identity.accepted-keys must be a PEM RSA public key "
                    + "(-----BEGIN PUBLIC KEY-----) or PKCS#8 private key");
        }
        return RsaKeyConverters.x509().convert(stream(pem));
    }

    private static RSAPublicKey publicOf(RSAPrivateKey privateKey) {
        if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalArgumentException("The signing key must carry its public exponent (a PKCS#8 CRT key)");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("Cannot derive the public key of the signing key", e);
        }
    }

    /** Spring's converters read a PEM block line by line; configuration may carry it with escaped or no line breaks. */
    private static ByteArrayInputStream stream(String pem) {
        String normalised = pem.strip().replace("\\n", "\n");
        int bodyStart = normalised.indexOf("-----", normalised.indexOf("-----BEGIN") + 10) + 5;
        int bodyEnd = normalised.indexOf("-----END");
        if (bodyStart < 5 || bodyEnd < bodyStart) {
            throw new IllegalArgumentException("Not a PEM block");
        }
        String header = normalised.substring(0, bodyStart);
        String footer = normalised.substring(bodyEnd);
        String body = normalised.substring(bodyStart, bodyEnd).replaceAll("\\s+", "");
        StringBuilder lines = new StringBuilder(header).append('\n');
        for (int at = 0; at < body.length(); at += 64) {
            lines.append(body, at, Math.min(body.length(), at + 64)).append('\n');
        }
        lines.append(footer.strip()).append('\n');
        return new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8));
    }
}
