package io.gaia.session.support;

import io.gaia.events.GaiaJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A real WebSocket client (java.net.http) for tests: collects every text frame as JSON, remembers
 * the close code, and answers heartbeat pings automatically (the JDK client does).
 */
public final class TestSocket implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Frames as large as session-service may send (an area of interest of a 10,000-item zone is several MB). */
    private static final GaiaJson JSON = GaiaJson.withMaxBytes(GaiaJson.DEFAULT_MAX_DOCUMENT_BYTES);

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> history = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private WebSocket socket;

    private TestSocket() {
    }

    public static TestSocket open(String url) {
        return open(url, Map.of());
    }

    public static TestSocket open(String url, Map<String, String> headers) {
        TestSocket client = new TestSocket();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(URI.create(url), client.new Listener()).join();
        return client;
    }

    public void send(Object message) {
        sendText(message instanceof String s ? s : JSON.writeString(message));
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame of {@code type} (earlier frames of other types are skipped but kept in history). */
    public JsonNode next(String type) {
        return next(frame -> type.equals(frame.path("type").asString()), Duration.ofSeconds(10), type);
    }

    public JsonNode next(Predicate<JsonNode> match, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode frame = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
                if (frame == null) {
                    throw new AssertionError("no " + what + " within " + timeout + "; received: " + history);
                }
                if (match.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Frames received and not yet consumed by {@link #next}, without waiting. */
    public List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>();
        inbox.drainTo(out);
        return out;
    }

    public List<JsonNode> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    public int awaitClose(Duration timeout) {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within " + timeout + "; received: " + history, e);
        }
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    /** Drops the connection without a close handshake (like a phone losing Wi-Fi). */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                socket.abort();
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode frame = JSON.readTree(partial.toString());
                partial.setLength(0);
                history.add(frame);
                inbox.add(frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeReason = error.toString();
            closeCode.complete(-1);
        }
    }
}
