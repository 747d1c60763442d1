package io.stagedoor.bootstrap.security;

import io.stagedoor.account.api.ExternalUserQuery;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * An external OpenID Connect provider issues the access tokens (Keycloak, Auth0, Cognito, ...): its keys come from its
 * JWK Set URI (given, or found through the issuer's discovery document on first use), and the configured claim names
 * the user, whom the account module maps to a user of this app. Sign-up, sign-in and the JWK Set route do not exist.
 */
@Configuration(proxyBeanMethods = false)
@IdentityModes.OnExternalIssuer
class ExternalIssuerConfiguration {

    @Bean
    ReactiveJwtDecoder accessTokenDecoder(IdentitySettings settings, Clock clock) {
        return TokenDecoders.external(settings.external(), clock);
    }

    @Bean
    Converter<Jwt, Mono<AbstractAuthenticationToken>> tokenUser(ExternalUserQuery externalUsers, IdentitySettings settings) {
        IdentitySettings.External external = settings.external();
        String fallbackIssuer = IdentitySettings.hasText(external.issuerUri()) ? external.issuerUri() : external.jwkSetUri();
        return TokenUsers.external(externalUsers, external.userClaim(), fallbackIssuer);
    }
}
