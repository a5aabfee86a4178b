package io.gaia.session.mirror;

import io.gaia.events.ErrorBody;
import io.gaia.events.ErrorCodes;
import io.gaia.events.SubjectToken;
import io.gaia.support.jwt.DevelopmentTokens;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The "scrying mirror" browser client: static files under {@code /mirror/}, and a token mint that
 * only answers while the development secret is in use.
 */
@Configuration(proxyBeanMethods = false)
class MirrorRoutes {

    @Bean
    RouterFunction<ServerResponse> mirror(DevelopmentTokens tokens) {
        return RouterFunctions.route()
                .GET("/mirror", MirrorRoutes::page)
                .GET("/mirror/dev-token", request -> devToken(request, tokens))
                .build();
    }

    /** {@code /mirror?user=bob} keeps its query ({@code user}, {@code experience} prefill the form). */
    private static Mono<ServerResponse> page(ServerRequest request) {
        String query = request.uri().getRawQuery();
        return ServerResponse.temporaryRedirect(URI.create("/mirror/index.html" + (query == null ? "" : "?" + query))).build();
    }

    private static Mono<ServerResponse> devToken(ServerRequest request, DevelopmentTokens tokens) {
        String user = request.queryParam("user").orElse("");
        if (!SubjectToken.isPlain(user) || user.length() > 64) {
            return ServerResponse.badRequest().bodyValue(ErrorBody.of(ErrorCodes.INVALID_FIELD,
                    "user must be 1-64 letters, digits, '-' or '_'"));
        }
        return tokens.mint(user, false, Duration.ofHours(8))
                .map(token -> ServerResponse.ok().bodyValue(Map.of("token", token)))
                .orElseGet(() -> ServerResponse.status(HttpStatus.NOT_FOUND).bodyValue(ErrorBody.of(ErrorCodes.NOT_FOUND,
                        "token minting is only available with the development secret")));
    }
}
