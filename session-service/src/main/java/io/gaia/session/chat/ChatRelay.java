package io.gaia.session.chat;

import io.gaia.events.CodecException;
import io.gaia.events.chat.ChatStreamEvent;
import io.gaia.events.ErrorBody;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.events.socket.ServerMessages;
import io.gaia.events.socket.SocketTypes;
import io.gaia.events.socket.Versions;
import io.gaia.session.config.SessionProperties;
import io.gaia.session.connection.ClientConnection;
import io.gaia.session.delta.Delta;
import io.gaia.session.metrics.SessionMetrics;
import io.gaia.support.web.RequestIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Relays a {@code chat} frame to chat-service's SSE endpoint ({@code POST /chat/unified}) and
 * streams the answer back on the socket: {@code metadata} -> {@code chat_started},
 * {@code world_update} -> the delta pipeline (deduplicated against NATS, in version order),
 * {@code content} -> {@code chat_content}, {@code error} -> {@code error}, {@code done} ->
 * {@code chat_complete} (with the final metadata). Narrative frames are held behind every
 * world_update that came before them in the stream, so a delta is never behind narrative.
 */
@Component
public class ChatRelay {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChatRelay.class);

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() { };
    private static final Duration TURN_TIMEOUT = Duration.ofMinutes(3);

    private final WebClient http;
    private final GaiaJson json;
    private final SessionMetrics metrics;

    public ChatRelay(GaiaJson json, SessionMetrics metrics, SessionProperties properties) {
        this.http = WebClient.builder().baseUrl(properties.chatUrl())
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create()))
                .build();
        this.json = json;
        this.metrics = metrics;
    }

    public Mono<Void> relay(ClientConnection connection, String text, String conversationId, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", text);
        body.put("experience", connection.experience());
        body.put("stream", true);
        if (conversationId != null) {
            body.put("conversation_id", conversationId);
        }
        Turn turn = new Turn(connection, requestId, System.nanoTime());
        return http.post().uri("/chat/unified")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + connection.token())
                .headers(headers -> {
                    if (RequestIds.isSafe(requestId)) {
                        headers.set(RequestIds.HEADER, requestId);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .bodyValue(json.write(body))
                .retrieve()
                .bodyToFlux(SSE)
                .timeout(TURN_TIMEOUT)
                .doOnNext(turn::onEvent)
                .then(Mono.<Void>fromRunnable(turn::logged))
                .onErrorResume(e -> {
                    turn.failed(e);
                    return Mono.empty();
                });
    }

    /** One chat turn's state: its conversation, the deltas seen so far, the final metadata. */
    private final class Turn {
        private final ClientConnection connection;
        private final String requestId;
        private final long startNanos;
        private Versions after = Versions.UNKNOWN;
        private String conversationId;
        private Map<String, Object> finalMetadata;
        private boolean started;

        Turn(ClientConnection connection, String requestId, long startNanos) {
            this.connection = connection;
            this.requestId = requestId;
            this.startNanos = startNanos;
        }

        void onEvent(ServerSentEvent<String> event) {
            if (event.data() == null || event.data().isBlank()) {
                return; // heartbeat comment
            }
            ChatStreamEvent data;
            try {
                data = ChatStreamEvent.read(json, event.data());
            } catch (CodecException e) {
                return;
            }
            if (data == null) {
                return; // a type this version does not know
            }
            if (!started) {
                started = true;
                metrics.chatFirstEvent(startNanos);
            }
            if (data instanceof ChatStreamEvent.Metadata metadata) {
                metadata(metadata);
            } else if (data instanceof ChatStreamEvent.WorldUpdate update) {
                worldUpdate(update.event(), event.data());
            } else if (data instanceof ChatStreamEvent.Content content) {
                send(new ServerMessages.ChatFrame(SocketTypes.CHAT_CONTENT, requestId, conversationId,
                        content.content() == null ? "" : content.content(), null, System.currentTimeMillis()));
            } else if (data instanceof ChatStreamEvent.Error error) {
                send(new ServerMessages.SocketError(error.code() == null ? ErrorCodes.UPSTREAM_UNAVAILABLE : error.code(),
                        error.message() == null ? "chat failed" : error.message(), requestId, null));
            } else if (data instanceof ChatStreamEvent.Done) {
                send(new ServerMessages.ChatFrame(SocketTypes.CHAT_COMPLETE, requestId, conversationId, null,
                        finalMetadata, System.currentTimeMillis()));
            }
        }

        private void metadata(ChatStreamEvent.Metadata metadata) {
            Map<String, Object> fields = metadata.fields();
            if (conversationId == null) {
                conversationId = metadata.conversationId();
                send(new ServerMessages.ChatFrame(SocketTypes.CHAT_STARTED, requestId, conversationId, null, fields,
                        System.currentTimeMillis()));
            } else {
                finalMetadata = fields;
            }
        }

        private void worldUpdate(WorldUpdateEvent event, String raw) {
            if (!connection.experience().equals(event.experience())) {
                return;
            }
            Delta delta = new Delta(event, raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (delta.sequenced()) {
                VersionScope scope = delta.scope();
                Long before = after.of(scope);
                after = after.with(scope, before == null ? delta.snapshot() : Math.max(before, delta.snapshot()));
            }
            connection.offer(delta);
        }

        private void send(Object frame) {
            connection.sendAfter(frame, after);
        }

        /** One line per chat turn (silence with logging.level.io.gaia.session.chat.ChatRelay=warn). */
        void logged() {
            if (log.isInfoEnabled()) {
                RequestIds.logWith(requestId, () -> log.info("chat turn from {} on {}: conversation {}, {} ms",
                        connection.userId(), connection.id(), conversationId, (System.nanoTime() - startNanos) / 1_000_000));
            }
        }

        void failed(Throwable e) {
            RequestIds.logWith(requestId, () -> log.warn("chat turn from {} on {} failed: {}", connection.userId(),
                    connection.id(), e.toString()));
            ErrorBody error = e instanceof WebClientResponseException response && response.getStatusCode().is4xxClientError()
                    ? refusal(response) : ErrorBody.of(ErrorCodes.UPSTREAM_UNAVAILABLE, "chat is unavailable; try again");
            send(new ServerMessages.SocketError(error.code(), error.message(), requestId, null));
        }

        /**
         * chat-service refused the turn ({@code 4xx} with an {@link ErrorBody}): its code and message
         * go to the client as they are (e.g. {@code not_found} for someone else's conversation).
         */
        private ErrorBody refusal(WebClientResponseException response) {
            String text = response.getResponseBodyAsString(StandardCharsets.UTF_8).strip();
            if (text.startsWith("data:")) { // the request accepts event streams, so the body may be one SSE line
                int end = text.indexOf('\n');
                text = text.substring("data:".length(), end < 0 ? text.length() : end);
            }
            try {
                return json.read(text.getBytes(StandardCharsets.UTF_8), ErrorBody.class);
            } catch (CodecException unreadable) {
                String code = response.getStatusCode().value() == 404 ? ErrorCodes.NOT_FOUND : ErrorCodes.INVALID_FIELD;
                return ErrorBody.of(code, "chat-service refused the message (HTTP " + response.getStatusCode().value() + ")");
            }
        }
    }
}
