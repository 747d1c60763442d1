package io.stagedoor.bootstrap.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import reactor.core.publisher.Mono;

/**
 * Serves the browser client of the web-client module: the fans' page at {@code /}, the operators' console at
 * {@code /operator}, their files under {@code /assets/}, and the pinned Preact + htm module from its mvnpm jar under
 * {@code /_static/}. All public (they hold no data; the API decides what a caller may see).
 *
 * <p>A mapping of its own, asked after the API's router (which answers only {@code /api/v1}) and after actuator, and not
 * a RouterFunction bean: beans of that type are composed into the API's mapping, where every API request would pay for
 * one more route group. Every answer carries a Content-Security-Policy that allows only this origin's scripts, styles
 * and API (no inline script or style, no eval), so nothing injected into a page can run.
 */
@Configuration(proxyBeanMethods = false)
class WebClientPages {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** After actuator's mapping (-100) and the API's (highest precedence), before Boot's own static files. */
    static final int ORDER = 0;

    private static final String ROOT = "stagedoor-web/";
    private static final CacheControl REVALIDATE = CacheControl.noCache();
    private static final CacheControl PINNED_LIBRARY = CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic().immutable();

    @Bean
    RouterFunctionMapping webClientPageMapping() {
        RouterFunctionMapping mapping = new RouterFunctionMapping(routes());
        mapping.setOrder(ORDER);
        return mapping;
    }

    static RouterFunction<ServerResponse> routes() {
        Resource fanPage = new ClassPathResource(ROOT + "index.html");
        Resource operatorPage = new ClassPathResource(ROOT + "operator.html");
        return RouterFunctions.route()
                .GET("/", request -> page(fanPage))
                .GET("/operator", request -> page(operatorPage))
                .resources("/assets/**", new ClassPathResource(ROOT + "assets/"),
                        (resource, headers) -> headers.setCacheControl(REVALIDATE))
                .resources("/_static/**", new ClassPathResource("META-INF/resources/_static/"),
                        (resource, headers) -> headers.setCacheControl(PINNED_LIBRARY))
                .filter(securityHeaders())
                .build();
    }

    private static Mono<ServerResponse> page(Resource html) {
        return ServerResponse.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(REVALIDATE)
                .bodyValue(html);
    }

    /** Put on the exchange's response before the handler runs (a built ServerResponse's headers are read-only). */
    private static HandlerFilterFunction<ServerResponse, ServerResponse> securityHeaders() {
        return (request, next) -> {
            HttpHeaders headers = request.exchange().getResponse().getHeaders();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Frame-Options", "DENY");
            return next.handle(request);
        };
    }

    private WebClientPages() {
    }
}
