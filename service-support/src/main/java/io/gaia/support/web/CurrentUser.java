package io.gaia.support.web;

import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.jwt.BearerToken;
import io.gaia.support.jwt.JwtValidator;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Gives controllers an {@link AuthenticatedUser} parameter from the {@code Authorization: Bearer}
 * header. The user id therefore only ever comes from a verified token, never from a body.
 */
public class CurrentUser implements HandlerMethodArgumentResolver {

    private final JwtValidator validator;

    public CurrentUser(JwtValidator validator) {
        this.validator = validator;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return AuthenticatedUser.class.equals(parameter.getParameterType());
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
        return Mono.fromCallable(() -> validator.validate(bearerToken(exchange)));
    }

    public static String bearerToken(ServerWebExchange exchange) {
        return BearerToken.of(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    }
}
