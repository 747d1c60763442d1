package io.stagedoor.bootstrap.web;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request its id ({@link RequestIds}) before anything else runs (security included, so even a refused
 * request has one): in the response header, in the exchange attributes for the problem body, and in the Reactor
 * context, from which context propagation puts it in the MDC of every log line the request writes.
 */
final class RequestIdFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String presented = exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER);
        String id = RequestIds.isWellFormed(presented) ? presented : RequestIds.next();
        exchange.getAttributes().put(RequestIds.ATTRIBUTE, id);
        exchange.getResponse().getHeaders().set(RequestIds.HEADER, id);
        return chain.filter(exchange).contextWrite(context -> context.put(RequestIds.ATTRIBUTE, id));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
