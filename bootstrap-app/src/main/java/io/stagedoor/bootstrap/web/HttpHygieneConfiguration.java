package io.stagedoor.bootstrap.web;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Connection hygiene: what a client may cost the server before it has sent a whole request.
 * <ul>
 *   <li>{@code stagedoor.http.max-body-size} (default 16KB): no route needs more. A declared larger body is refused
 *       413 PAYLOAD_TOO_LARGE before a byte of it is read; an undeclared (chunked) one as soon as the decoder has
 *       buffered the limit — never a 500, never a stack trace in the log.</li>
 *   <li>{@code stagedoor.http.request-read-timeout} (default PT10S): a request's headers and body must arrive within
 *       this long (Reactor Netty's request timeout) and with no pause longer than it (read timeout); a slow-body client
 *       is cut.</li>
 *   <li>{@code stagedoor.http.idle-timeout} (default PT30S): a connection with no request in flight and nothing
 *       arriving is closed — a client that opens a connection and sends half its headers, then nothing, is cut.</li>
 * </ul>
 * Event streams are responses: none of these limits touches a stream once its request has arrived.
 */
@Configuration(proxyBeanMethods = false)
class HttpHygieneConfiguration {

    @Bean
    CodecCustomizer bodySizeLimit(@Value("${stagedoor.http.max-body-size:16KB}") DataSize maxBodySize) {
        return configurer -> configurer.defaultCodecs().maxInMemorySize(Math.toIntExact(maxBodySize.toBytes()));
    }

    /** Refuses a declared oversized body up front (the codec limit catches the undeclared ones). */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 20)
    WebFilter declaredBodySizeLimit(@Value("${stagedoor.http.max-body-size:16KB}") DataSize maxBodySize) {
        long limit = maxBodySize.toBytes();
        return (exchange, chain) -> exchange.getRequest().getHeaders().getContentLength() > limit
                ? Mono.error(new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE,
                        "The body is larger than " + limit + " bytes"))
                : chain.filter(exchange);
    }

    @Bean
    NettyServerCustomizer connectionTimeouts(
            @Value("${stagedoor.http.request-read-timeout:PT10S}") Duration requestReadTimeout,
            @Value("${stagedoor.http.idle-timeout:PT30S}") Duration idleTimeout) {
        return server -> server
                .readTimeout(requestReadTimeout)
                .requestTimeout(requestReadTimeout)
                .idleTimeout(idleTimeout);
    }
}
