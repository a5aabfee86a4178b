package io.gaia.e2e.traffic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client (java.net.http) that keeps every text frame it receives, raw and parsed,
 * and every frame it sends, so tests can check traffic against the documents.
 */
public final class RecordingSocket implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final List<JsonNode> received = new ArrayList<>();
    private final List<JsonNode> sent = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    private RecordingSocket() {
    }

    public static RecordingSocket open(String url) {
        RecordingSocket recorder = new RecordingSocket();
        recorder.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), recorder.new Listener()).join();
        return recorder;
    }

    /** Sends a text frame; it is recorded in {@link #sent()} when it is JSON (tests also send broken frames). */
    public void send(String text) {
        try {
            JsonNode frame = JSON.readTree(text);
            synchronized (sent) {
                sent.add(frame);
            }
        } catch (tools.jackson.core.JacksonException notJson) {
            // sent as is, not recorded
        }
        socket.sendText(text, true).join();
    }

    public List<JsonNode> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<JsonNode> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** Waits until a received frame matches, and returns it. */
    public JsonNode await(Predicate<JsonNode> match, String what) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> received().stream().filter(match).findFirst().orElse(null), frame -> frame != null);
    }

    public JsonNode await(String type) {
        return await(frame -> type.equals(frame.path("type").asString()), type);
    }

    public static Predicate<JsonNode> answerTo(String type, String requestId) {
        return frame -> type.equals(frame.path("type").asString()) && requestId.equals(frame.path("request_id").asString());
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null).join();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode frame = JSON.readTree(partial.toString());
                partial.setLength(0);
                synchronized (received) {
                    received.add(frame);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
