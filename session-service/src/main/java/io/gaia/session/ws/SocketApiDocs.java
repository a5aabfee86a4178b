package io.gaia.session.ws;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The WebSocket handshake in session-service's OpenAPI document. springdoc cannot see it (it is a
 * URL handler mapping, not a controller); its frames are described in {@code docs/asyncapi.yaml}.
 */
@Configuration(proxyBeanMethods = false)
class SocketApiDocs {

    @Bean
    OpenApiCustomizer experienceSocketHandshake() {
        Operation handshake = new Operation()
                .operationId("experienceSocket")
                .addTagsItem("websocket")
                .summary("Open the game socket (HTTP upgrade to WebSocket)")
                .description("Frames in both directions, close codes and resume rules: docs/asyncapi.yaml (channel "
                        + "'experienceSocket') and docs/protocol.md. A bad token is accepted and closed with 1008.")
                .parameters(List.of(
                        query("token", "the JWT (or send Authorization: Bearer)", false, new StringSchema()),
                        query("experience", "experience id, e.g. wylding-woods", true, new StringSchema()),
                        query("world_version", "resume: the world version the client holds", false, new IntegerSchema().format("int64")),
                        query("player_version", "resume: the player version the client holds", false, new IntegerSchema().format("int64")),
                        query("epoch", "resume: the epoch of those versions (absent or another: one snapshot, no replay)",
                                false, new StringSchema().pattern("^[A-Za-z0-9_-]{1,40}$")),
                        query("delta_format", "v0.3 for clients that predate versioned deltas", false,
                                new StringSchema()._enum(List.of("v0.3", "v0.4")))))
                .responses(new ApiResponses()
                        .addApiResponse("101", new ApiResponse().description("Switching Protocols: the socket is open"))
                        .addApiResponse("400", new ApiResponse().description("not a WebSocket upgrade request")));
        return api -> api.path(WebSocketConfig.PATH, new PathItem().get(handshake));
    }

    private static Parameter query(String name, String description, boolean required, io.swagger.v3.oas.models.media.Schema<?> schema) {
        return new Parameter().in("query").name(name).description(description).required(required).schema(schema);
    }
}
