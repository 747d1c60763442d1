package io.stagedoor.bootstrap.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code stagedoor.identity.*} (env STAGEDOOR_IDENTITY_...): who issues the access tokens the app accepts.
 *
 * <p>Built-in issuer (the default, when no external issuer is set): the app signs RS256 access tokens with
 * {@code signing-key} (a PEM PKCS#8 RSA private key of at least 2048 bits, the same on every instance) for
 * {@code access-token-lifetime}, with {@code iss} = {@code issuer}; it also accepts tokens signed by
 * {@code accepted-keys} (PEM public or private keys: the previous key after a rotation, the next one before it) and
 * publishes all their public keys at {@code GET /api/v1/auth/jwks}.
 *
 * <p>External issuer ({@code external.issuer-uri} or {@code external.jwk-set-uri} set): tokens of that OpenID Connect
 * provider are accepted; the user is the {@code external.user-claim} claim, mapped to a user of this app.
 *
 * <p>Both: validated tokens are remembered for at most their own lifetime ({@code token-cache} tokens per instance;
 * 0 = validate the signature of every request).
 */
@ConfigurationProperties("stagedoor.identity")
public record IdentitySettings(
        @DefaultValue("stagedoor") String issuer,
        @DefaultValue("PT15M") Duration accessTokenLifetime,
        String signingKey,
        List<String> acceptedKeys,
        @DefaultValue("100000") int tokenCache,
        @DefaultValue External external) {

    public IdentitySettings {
        acceptedKeys = acceptedKeys == null ? List.of() : List.copyOf(acceptedKeys);
        if (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero() || accessTokenLifetime.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("stagedoor.identity.access-token-lifetime must be more than 0 and at most "
                    + "one day, was " + accessTokenLifetime);
        }
        if (tokenCache < 0) {
            throw new IllegalArgumentException("stagedoor.identity.token-cache must not be negative");
        }
    }

    /**
     * {@code stagedoor.identity.external.*}: the provider's issuer (also its discovery document, unless the JWK Set URI
     * is given), its JWK Set URI, the claim that names the user, an audience the token must carry (optional), and how
     * many subjects each instance remembers.
     */
    public record External(String issuerUri, String jwkSetUri, @DefaultValue("sub") String userClaim, String audience,
                           @DefaultValue("100000") int subjectCache) {

        public External {
            if (subjectCache < 1) {
                throw new IllegalArgumentException("stagedoor.identity.external.subject-cache must be at least 1");
            }
            if (userClaim == null || userClaim.isBlank()) {
                throw new IllegalArgumentException("stagedoor.identity.external.user-claim must name a claim");
            }
        }

        public boolean configured() {
            return hasText(issuerUri) || hasText(jwkSetUri);
        }
    }

    /** Without the keys: the record's own would print the private signing key into any log line that names it. */
    @Override
    public String toString() {
        return "IdentitySettings[issuer=" + issuer + ", accessTokenLifetime=" + accessTokenLifetime
                + ", signingKey=" + (hasText(signingKey) ? "(set)" : "(none)") + ", acceptedKeys=" + acceptedKeys.size()
                + ", tokenCache=" + tokenCache + ", external=" + external + "]";
    }

    public boolean externalIssuer() {
        return external.configured();
    }

    static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
