package io.gaia.chat.it;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** A real SSE client of chat-service: WebClient reading {@link ServerSentEvent}s, as a browser's EventSource would. */
public final class ChatClient {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    private final WebClient http;

    public ChatClient(String baseUrl) {
        this.http = WebClient.builder().baseUrl(baseUrl)
                .codecs(c -> c.defaultCodecs().maxInMemorySize(1024 * 1024)).build();
    }

    /** The raw event stream (heartbeat comments filtered out); cancel it to hang up mid-stream. */
    public Flux<SseTurn.Received> stream(String token, String message, String conversationId, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (conversationId != null) {
            body.put("conversation_id", conversationId);
        }
        return http.post().uri(path)
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .bodyValue(body)
                .retrieve()
                .bodyToFlux(SSE)
                .filter(event -> event.data() != null)
                .map(event -> SseTurn.parse(event.data(), System.nanoTime()));
    }

    /** Every SSE item as sent, comments included (a comment has {@code comment() != null} and no data). */
    public Flux<ServerSentEvent<String>> raw(String token, String message) {
        return http.post().uri("/chat/unified")
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .bodyValue(Map.of("message", message))
                .retrieve()
                .bodyToFlux(SSE);
    }

    public SseTurn turn(String token, String message) {
        return turn(token, message, null);
    }

    public SseTurn turn(String token, String message, String conversationId) {
        List<SseTurn.Received> events = stream(token, message, conversationId, "/chat/unified")
                .collectList().block(Duration.ofSeconds(30));
        return new SseTurn(events);
    }

    public WebClient http() {
        return http;
    }
}
