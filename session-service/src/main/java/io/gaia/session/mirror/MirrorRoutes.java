package io.gaia.session.mirror;

import io.gaia.events.ErrorBody;
import io.gaia.events.ErrorCodes;
import io.gaia.events.SubjectToken;
import io.gaia.support.jwt.DevelopmentTokens;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
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

    /** The page and the token mint in the OpenAPI document (springdoc does not see router functions by itself). */
    @Bean
    OpenApiCustomizer mirrorApiDocs() {
        Operation page = new Operation().operationId("mirrorPage").addTagsItem("mirror")
                .summary("The scrying mirror, a browser client (redirects to /mirror/index.html, keeping the query)")
                .parameters(List.of(new Parameter().in("query").name("user").required(false).schema(new StringSchema())
                        .description("prefills the user field")))
                .responses(new ApiResponses().addApiResponse("307", new ApiResponse().description("to /mirror/index.html")));
        Operation mint = new Operation().operationId("mirrorDevToken").addTagsItem("mirror")
                .summary("Mint an 8-hour player token; only while the development secret is in use")
                .parameters(List.of(new Parameter().in("query").name("user").required(true).schema(new StringSchema()
                        .pattern("^[A-Za-z0-9_-]{1,64}$"))))
                .responses(new ApiResponses()
                        .addApiResponse("200", json("{token}", new ObjectSchema().addProperty("token", new StringSchema())))
                        .addApiResponse("400", json("invalid_field", new Schema<>().$ref("#/components/schemas/ErrorBody")))
                        .addApiResponse("404", json("not_found: a real secret is configured", new Schema<>().$ref("#/components/schemas/ErrorBody"))));
        return api -> {
            api.path("/mirror", new PathItem().get(page));
            api.path("/mirror/dev-token", new PathItem().get(mint));
            api.schema("ErrorBody", new ObjectSchema()
                    .addProperty("type", new StringSchema()._enum(List.of("error")))
                    .addProperty("code", new StringSchema())
                    .addProperty("message", new StringSchema()));
        };
    }

    private static ApiResponse json(String description, Schema<?> schema) {
        return new ApiResponse().description(description)
                .content(new Content().addMediaType("application/json", new MediaType().schema(schema)));
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
