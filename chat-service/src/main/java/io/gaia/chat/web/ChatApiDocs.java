package io.gaia.chat.web;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the chat endpoint answers, in chat-service's OpenAPI document: an SSE stream (its events are
 * described in {@code docs/asyncapi.yaml}, channel {@code chatStream}) or, with {@code stream:false},
 * one JSON body. springdoc alone would show the controller's {@code Object}.
 */
@Configuration(proxyBeanMethods = false)
class ChatApiDocs {

    @Bean
    OpenApiCustomizer chatAnswers() {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            for (String path : List.of("/chat/unified", "/api/v0.3/chat")) {
                PathItem item = api.getPaths().get(path);
                if (item != null && item.getPost() != null) {
                    describe(item.getPost());
                }
            }
        };
    }

    private static void describe(Operation chat) {
        chat.summary("One chat turn: the command it implies runs as the caller; deltas first, narrative after");
        chat.getResponses().addApiResponse("200", new ApiResponse()
                .description("text/event-stream: one 'data: {json}' per event (metadata, world_update, content, metadata, "
                        + "error, done; see docs/asyncapi.yaml, channel chatStream). With stream:false, one JSON body.")
                .content(new Content()
                        .addMediaType("text/event-stream", new MediaType().schema(new StringSchema()))
                        .addMediaType("application/json", new MediaType().schema(new ObjectSchema()
                                .addProperty("conversation_id", new StringSchema())
                                .addProperty("response", new StringSchema())
                                .addProperty("world_updates", new io.swagger.v3.oas.models.media.ArraySchema()
                                        .items(new io.swagger.v3.oas.models.media.Schema<>()
                                                .$ref("#/components/schemas/WorldUpdateEvent")))))));
    }
}
