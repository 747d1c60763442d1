package io.stagedoor.bootstrap.security;

import io.stagedoor.account.api.ExternalSubject;
import io.stagedoor.account.api.ExternalUserQuery;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import reactor.core.publisher.Mono;

/** Who a validated token's user is, for each issuer mode. A token that names no usable user is an invalid token (401). */
final class TokenUsers {

    private TokenUsers() {
    }

    /** The built-in issuer puts the user id itself into {@code sub}. */
    static Converter<Jwt, Mono<AbstractAuthenticationToken>> builtIn() {
        return jwt -> {
            try {
                long userId = Long.parseLong(jwt.getSubject());
                if (userId > 0) {
                    return Mono.just(new UserAuthentication(userId, jwt.getExpiresAt()));
                }
            } catch (NumberFormatException notAnId) {
                // answered below
            }
            return Mono.error(new InvalidBearerTokenException("The token's subject is not a user of this app"));
        };
    }

    /**
     * An external issuer's user is the configured claim; the account module maps it to a user of this app (creating
     * one the first time). {@code fallbackIssuer} names the provider when its tokens carry no {@code iss}.
     */
    static Converter<Jwt, Mono<AbstractAuthenticationToken>> external(ExternalUserQuery users, String userClaim,
                                                                     String fallbackIssuer) {
        return jwt -> {
            ExternalSubject subject;
            try {
                String issuer = jwt.getIssuer() != null ? jwt.getIssuer().toString() : fallbackIssuer;
                String name = jwt.hasClaim("name") ? jwt.getClaimAsString("name") : jwt.getClaimAsString("preferred_username");
                subject = new ExternalSubject(issuer, jwt.getClaimAsString(userClaim), name);
            } catch (IllegalArgumentException unusable) {
                return Mono.error(new InvalidBearerTokenException(unusable.getMessage()));
            }
            return users.userIdOf(subject).map(userId -> new UserAuthentication(userId.value(), jwt.getExpiresAt()));
        };
    }
}
