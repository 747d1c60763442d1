package io.stagedoor.bootstrap.security;

import com.nimbusds.jose.jwk.JWK;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;

/**
 * The one validation path of both modes: Nimbus (through Spring Security) checks the signature against the issuer's
 * keys, accepting only RS256 from the built-in issuer (no "none", no HMAC made with a public key), then the claims:
 * an expiry is required and must lie ahead, a not-before must lie behind (both with {@link #CLOCK_SKEW}), and the
 * issuer (and, if configured, the audience) must match; the built-in issuer's tokens must name a subject.
 */
final class TokenDecoders {

    /** Tolerated clock difference between the issuer and this instance. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private TokenDecoders() {
    }

    static ReactiveJwtDecoder builtIn(SigningKeys keys, String issuer, Clock clock) {
        List<JWK> publicKeys = keys.publicKeys().getKeys();
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(jwt -> Flux.fromIterable(publicKeys))
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(validators(issuer, null, true, clock));
        return decoder;
    }

    static ReactiveJwtDecoder external(IdentitySettings.External external, Clock clock) {
        NimbusReactiveJwtDecoder decoder = IdentitySettings.hasText(external.jwkSetUri())
                ? NimbusReactiveJwtDecoder.withJwkSetUri(external.jwkSetUri()).build()
                : NimbusReactiveJwtDecoder.withIssuerLocation(external.issuerUri()).build();
        decoder.setJwtValidator(validators(external.issuerUri(), external.audience(), false, clock));
        return decoder;
    }

    private static OAuth2TokenValidator<Jwt> validators(String issuer, String audience, boolean subjectRequired,
                                                       Clock clock) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setAllowEmptyExpiryClaim(false);
        timestamps.setClock(clock);
        validators.add(timestamps);
        if (IdentitySettings.hasText(issuer)) {
            validators.add(new JwtIssuerValidator(issuer));
        }
        if (IdentitySettings.hasText(audience)) {
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && aud.contains(audience)));
        }
        if (subjectRequired) {
            validators.add(new JwtClaimValidator<Object>(JwtClaimNames.SUB, Objects::nonNull));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }
}
