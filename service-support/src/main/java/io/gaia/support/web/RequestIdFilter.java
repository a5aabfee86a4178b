package io.gaia.support.web;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every HTTP request an id: the caller's {@code X-Request-Id} when it is a plain token, else a
 * fresh one. It is echoed in the response header, kept on the exchange ({@link RequestIds#of}) and put
 * in the Reactor context, so the service's own calls to other services pass it on.
 */
public final class RequestIdFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER);
        String id = RequestIds.isSafe(given) ? given : RequestIds.generate();
        exchange.getAttributes().put(RequestIds.ATTRIBUTE, id);
        exchange.getResponse().getHeaders().set(RequestIds.HEADER, id);
        return chain.filter(exchange).contextWrite(RequestIds.context(id));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
