package io.stagedoor.bootstrap.security;

import io.stagedoor.account.api.AccessTokenIssuer;
import io.stagedoor.bootstrap.web.PublicRoutes;
import java.time.Clock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The app as its own issuer (the default): its signing keys, the access tokens it signs at sign-in, how it validates
 * them, and {@code GET /auth/jwks}, the JWK Set of its public keys.
 */
@Configuration(proxyBeanMethods = false)
@IdentityModes.OnBuiltInIssuer
class BuiltInIssuerConfiguration {

    private static final Log log = LogFactory.getLog(BuiltInIssuerConfiguration.class);

    static final String SIGNING_KEY_SETTING = "stagedoor.identity.signing-key (env STAGEDOOR_IDENTITY_SIGNING_KEY)";

    /**
     * The configured key. Without one, an app on embedded servers (a one-process demo whose data dies with it anyway)
     * makes its own and warns; an app on real servers refuses to start, because tokens signed with a key of its own
     * would fail on every other instance and after every restart.
     */
    @Bean
    SigningKeys signingKeys(IdentitySettings settings,
                            @Value("${stagedoor.embedded.started-postgres:false}") boolean embeddedPostgres) {
        if (IdentitySettings.hasText(settings.signingKey())) {
            return SigningKeys.fromPem(settings.signingKey(), settings.acceptedKeys());
        }
        if (!embeddedPostgres) {
            throw new IllegalStateException(SIGNING_KEY_SETTING + " is not set. With real servers the app needs the PEM "
                    + "PKCS#8 RSA private key that signs access tokens, the same on every instance, e.g. from "
                    + "`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048` (or configure an external issuer: "
                    + "stagedoor.identity.external.issuer-uri)");
        }
        log.warn("No " + SIGNING_KEY_SETTING + " set: generated a signing key for this process only. Access tokens stop "
                + "working when it ends and are refused by any other instance; set the key for anything but a demo.");
        return SigningKeys.generated(settings.acceptedKeys());
    }

    @Bean
    AccessTokenIssuer accessTokenIssuer(SigningKeys signingKeys, IdentitySettings settings, Clock clock) {
        return new BuiltInAccessTokens(signingKeys, settings.issuer(), settings.accessTokenLifetime(), clock);
    }

    @Bean
    ReactiveJwtDecoder accessTokenDecoder(SigningKeys signingKeys, IdentitySettings settings, Clock clock) {
        return TokenDecoders.builtIn(signingKeys, settings.issuer(), clock);
    }

    @Bean
    Converter<Jwt, Mono<AbstractAuthenticationToken>> tokenUser() {
        return TokenUsers.builtIn();
    }

    /** {@code GET /auth/jwks}: the public keys that sign (and during a rotation, signed) access tokens. */
    @Bean
    PublicRoutes jwksRoutes(SigningKeys signingKeys) {
        String jwks = signingKeys.publicKeys().toString();
        return new PublicRoutes(RouterFunctions.route()
                .GET("/auth/jwks", request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(jwks))
                .build());
    }
}
