package io.stagedoor.bootstrap.security;

import io.stagedoor.bootstrap.web.AuthenticationAttributes;
import io.stagedoor.bootstrap.web.BearerFreePaths;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Spring Security for WebFlux as an OAuth2 resource server: a request that carries a bearer access token (JWT) is
 * authenticated by Spring Security's {@link AuthenticationWebFilter} with the resource server's bearer-token converter
 * and JWT authentication manager (Nimbus validation, see {@link TokenDecoders}), exactly as the resource-server DSL
 * configures them, and the token's user is handed to the routes in the request attribute
 * {@link AuthenticationAttributes#USER_ID}. Which routes need a user is said by the routes themselves (the api router
 * puts a signed-in-user check in front of every route that acts for a user), so a request without a token passes on
 * unauthenticated and such a route refuses it.
 *
 * <p>Only this one filter runs, not a whole {@code ServerHttpSecurity} chain: the chain's other filters (security
 * context propagation, exception translation, an authorization filter that would permit everything, the firewall) do
 * nothing for a stateless API authorised by its routes, and measured they cost about as much CPU as the rest of a
 * gated read (docs/security.md). Boot's own WebFlux security configuration is switched off (see the application class).
 * The Queue-Token routes (status poll and event stream) skip even this filter: the hottest path does no Spring Security
 * work at all. So does everything outside the API (probes, actuator): see {@link BearerFreePaths}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentitySettings.class)
public class SecurityConfiguration {

    /** Runs early, before the routes and the request deadline: where Spring Security's own chain filter would. */
    static final int ORDER = -100;

    @Bean
    ReactiveAuthenticationManager bearerAuthentication(ReactiveJwtDecoder accessTokenDecoder,
                                                       Converter<Jwt, Mono<AbstractAuthenticationToken>> tokenUser,
                                                       IdentitySettings settings, Clock clock) {
        JwtReactiveAuthenticationManager validation = new JwtReactiveAuthenticationManager(accessTokenDecoder);
        validation.setJwtAuthenticationConverter(tokenUser);
        return settings.tokenCache() == 0 ? validation : new ValidatedTokenCache(validation, settings.tokenCache(), clock);
    }

    @Bean
    WebFilter bearerCheck(ReactiveAuthenticationManager bearerAuthentication, BearerFreePaths bearerFreePaths) {
        AuthenticationWebFilter bearer = new AuthenticationWebFilter(bearerAuthentication);
        bearer.setServerAuthenticationConverter(new ServerBearerTokenAuthenticationConverter());
        bearer.setAuthenticationFailureHandler(BearerProblems.failureHandler());
        bearer.setAuthenticationSuccessHandler(SecurityConfiguration::handOverUser);
        return new BearerCheck(bearer, bearerFreePaths);
    }

    /** Puts the authenticated user into the request attribute the routes read, and goes on. */
    private static Mono<Void> handOverUser(WebFilterExchange exchange, Authentication authentication) {
        if (authentication instanceof UserAuthentication user) {
            exchange.getExchange().getAttributes().put(AuthenticationAttributes.USER_ID, user.userId());
        }
        return exchange.getChain().filter(exchange.getExchange());
    }

    /** The bearer authentication for every API request except those of the Queue-Token routes. */
    static final class BearerCheck implements WebFilter, Ordered {

        private final WebFilter bearer;
        private final BearerFreePaths bypass;

        BearerCheck(WebFilter bearer, BearerFreePaths bypass) {
            this.bearer = bearer;
            this.bypass = bypass;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            if (bypass.contains(exchange.getRequest())) {
                return chain.filter(exchange);
            }
            return bearer.filter(exchange, chain);
        }

        @Override
        public int getOrder() {
            return ORDER;
        }
    }
}
