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
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Spring Security for WebFlux as an OAuth2 resource server: one stateless filter chain that validates a bearer access
 * token (JWT) when a request carries one and hands the token's user to the routes in the request attribute
 * {@link AuthenticationAttributes#USER_ID}. Which routes need a user is said by the routes themselves (the api router
 * puts a signed-in-user check in front of every route that acts for a user), so this chain permits every request and
 * only authenticates; a route that needs a user refuses a request the chain left without one.
 *
 * <p>The chain is built here and run by {@link BearerCheck}, which skips it for the Queue-Token routes (status poll and
 * event stream): the hottest path does no Spring Security work at all. Boot's own WebFlux security configuration is
 * switched off (see the application class), so nothing else registers a chain for every request.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentitySettings.class)
public class SecurityConfiguration {

    /** Runs early, before the routes and the request deadline: like Spring Security's own chain filter. */
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
        SecurityWebFilterChain chain = ServerHttpSecurity.http()
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .headers(headers -> headers.disable())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(BearerProblems.entryPoint()))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationFailureHandler(BearerProblems.failureHandler())
                        .authenticationEntryPoint(BearerProblems.entryPoint())
                        .jwt(jwt -> jwt.authenticationManager(bearerAuthentication)))
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .addFilterAfter(SecurityConfiguration::handOverUser, SecurityWebFiltersOrder.AUTHENTICATION)
                .build();
        WebFilterChainProxy security = new WebFilterChainProxy(chain);
        // a request the firewall refuses (an encoded slash, a semicolon in the path...) is bad input: 400 problem+json
        security.setExchangeRejectedHandler((exchange, rejected) -> Mono.error(
                new ServerWebInputException("The request was refused: " + rejected.getMessage())));
        return new BearerCheck(security, bearerFreePaths);
    }

    /** Puts the authenticated user into the request attribute the routes read. */
    private static Mono<Void> handOverUser(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .doOnNext(authentication -> {
                    if (authentication instanceof UserAuthentication user) {
                        exchange.getAttributes().put(AuthenticationAttributes.USER_ID, user.userId());
                    }
                })
                .then(chain.filter(exchange));
    }

    /** The security chain for every request except those of the Queue-Token routes. */
    static final class BearerCheck implements WebFilter, Ordered {

        private final WebFilterChainProxy security;
        private final BearerFreePaths bypass;

        BearerCheck(WebFilterChainProxy security, BearerFreePaths bypass) {
            this.security = security;
            this.bypass = bypass;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            if (bypass.contains(exchange.getRequest())) {
                return chain.filter(exchange);
            }
            return security.filter(exchange, chain);
        }

        @Override
        public int getOrder() {
            return ORDER;
        }
    }
}
