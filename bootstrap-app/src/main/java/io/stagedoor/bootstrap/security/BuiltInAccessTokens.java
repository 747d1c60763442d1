package io.stagedoor.bootstrap.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.stagedoor.account.api.AccessToken;
import io.stagedoor.account.api.AccessTokenIssuer;
import io.stagedoor.common.id.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The built-in issuer: short-lived RS256 access tokens ({@code iss}, {@code sub} = the user id, {@code iat},
 * {@code exp}) signed with the current signing key, whose {@code kid} the header names.
 */
final class BuiltInAccessTokens implements AccessTokenIssuer {

    private final NimbusJwtEncoder encoder;
    private final String keyId;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;

    BuiltInAccessTokens(SigningKeys keys, String issuer, Duration lifetime, Clock clock) {
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.signing())));
        this.keyId = keys.signing().getKeyID();
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public AccessToken issueFor(UserId userId) {
        Instant now = clock.instant();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).type("JWT").build();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject(Long.toString(userId.value()))
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new AccessToken(token, AccessToken.BEARER, lifetime.toSeconds(), userId.value());
    }
}
