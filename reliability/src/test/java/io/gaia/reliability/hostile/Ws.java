package io.gaia.reliability.hostile;

import io.gaia.events.GaiaJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** A real WebSocket client for hostile-input tests: keeps every text frame and the close code. */
final class Ws implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final GaiaJson JSON = GaiaJson.withMaxBytes(4 * 1024 * 1024);
    private static final AtomicLong SENTINELS = new AtomicLong(1_000_000);

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> all = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    static Ws open(String url) {
        Ws ws = new Ws();
        ws.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), ws.new Listener()).join();
        return ws;
    }

    /** Opens, or returns null when the server refused the handshake itself (e.g. 414 for an over-long URL). */
    static Ws tryOpen(String url) {
        try {
            return open(url);
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException) {
                return null;
            }
            throw e;
        }
    }

    /** The first frame, or null when the socket closed before sending one. */
    JsonNode firstOrClose(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode first = inbox.peek();
            if (first != null) {
                return inbox.poll();
            }
            if (closed.isDone()) {
                return inbox.poll();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("neither a frame nor a close within " + timeout);
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Sends {@code frame}, then a ping, and returns every frame that arrived before its pong. */
    List<JsonNode> exchange(String frame) {
        long marker = SENTINELS.incrementAndGet();
        send(frame);
        send("{\"type\":\"ping\",\"timestamp\":" + marker + "}");
        List<JsonNode> answers = new ArrayList<>();
        while (true) {
            JsonNode next = next(f -> true, Duration.ofSeconds(10), "pong " + marker + " after " + abbreviate(frame));
            if ("pong".equals(next.path("type").asString()) && next.path("timestamp").asLong() == marker) {
                return answers;
            }
            answers.add(next);
        }
    }

    JsonNode next(Predicate<JsonNode> match, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode frame = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
                if (frame == null) {
                    throw new AssertionError("no " + what + " within " + timeout + (closed.isDone() ? " (closed "
                            + closed.join() + ")" : ""));
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

    /**
     * Sends an {@code action} frame with {@code fields} and a fresh {@code request_id}, and returns the
     * {@code action_response} or {@code error} that carries that request id.
     */
    JsonNode act(String action, Map<String, ?> fields) {
        Map<String, Object> frame = new LinkedHashMap<>(fields);
        String requestId = "r-" + System.nanoTime();
        frame.put("type", "action");
        frame.put("action", action);
        frame.put("request_id", requestId);
        send(json(frame));
        return next(f -> requestId.equals(f.path("request_id").asString())
                        && ("action_response".equals(f.path("type").asString()) || "error".equals(f.path("type").asString())),
                Duration.ofSeconds(15), "answer to " + action);
    }

    JsonNode next(String type) {
        return next(f -> type.equals(f.path("type").asString()), Duration.ofSeconds(15), type);
    }

    /** Every frame received so far. */
    List<JsonNode> received() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not closed within " + timeout, e);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    static String json(Map<String, ?> frame) {
        return JSON.writeString(frame);
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
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
                all.add(frame);
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
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
