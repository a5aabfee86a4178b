package io.gaia.testsupport.socket;

import io.gaia.events.CodecException;
import io.gaia.events.GaiaJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * The one WebSocket test client (java.net.http): every text frame is parsed as JSON and kept with its
 * receive time ({@link #frames()}), queued for {@link #next} (which consumes) and searchable by
 * {@link #await} (which does not); every JSON frame sent is kept in {@link #sent()}; the close code
 * and reason are remembered. The JDK client answers protocol pings by itself. A test that needs a
 * slow reader calls {@link #pauseReading()}: no more frames are requested, so they pile up in the
 * kernel and the server. A {@link Listener} sees frames as they arrive (a simulated player), and
 * {@link Builder#recording(boolean) recording(false)} keeps nothing, for long runs with many sockets.
 */
public final class TestSocket implements AutoCloseable {

    /** One client for every socket of the JVM: its selector thread serves them all. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Frames as large as session-service may send (an area of interest of a 10,000-item zone is several MB). */
    private static final GaiaJson JSON = GaiaJson.withMaxBytes(GaiaJson.DEFAULT_MAX_DOCUMENT_BYTES);
    private static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(10);
    private static final AtomicLong MARKERS = new AtomicLong(1_000_000);

    /** Callbacks on the socket's receive thread, for clients that react to frames as they come. */
    public interface Listener {
        default void opened(TestSocket socket) {
        }

        default void frame(TestSocket socket, Frame frame) {
        }

        /** Called once: the server's close code and reason, or -1 and the error when the connection failed. */
        default void closed(TestSocket socket, int code, String reason) {
        }
    }

    private final boolean recording;
    private final Duration patience;
    private final Listener listener;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<Frame> received = new ArrayList<>();
    private final List<JsonNode> sent = new ArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private volatile WebSocket socket;
    private boolean paused;
    private boolean demandOwed;

    private TestSocket(Builder builder) {
        this.recording = builder.recording;
        this.patience = builder.patience;
        this.listener = builder.listener;
    }

    /** A builder for a socket to {@code url} (see {@link SocketUrl}). */
    public static Builder connect(String url) {
        return new Builder(url);
    }

    public static TestSocket open(String url) {
        return connect(url).open();
    }

    public static TestSocket open(String url, Map<String, String> headers) {
        Builder builder = connect(url);
        headers.forEach(builder::header);
        return builder.open();
    }

    /** Opens, or returns null when the server refused the handshake itself (e.g. 414 for an over-long URL). */
    public static TestSocket tryOpen(String url) {
        return connect(url).tryOpen();
    }

    // ---- sending

    /** Sends a record, map or string (as is) as one text frame, and waits until it is written. */
    public void send(Object message) {
        sendText(message instanceof String s ? s : JSON.writeString(message));
    }

    public void sendText(String text) {
        sendAsync(text).join();
    }

    /** Sends without waiting; JSON frames are kept in {@link #sent()} (tests also send broken ones, which are not). */
    public CompletableFuture<WebSocket> sendAsync(String text) {
        if (recording) {
            try {
                JsonNode frame = JSON.readTree(text);
                synchronized (sent) {
                    sent.add(frame);
                }
            } catch (CodecException notJson) {
                // sent as is, not recorded
            }
        }
        return socket.sendText(text, true);
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /**
     * Sends an {@code action} frame with {@code fields} and a fresh {@code request_id}, and returns the
     * {@code action_response} or {@code error} that carries that request id.
     */
    public JsonNode act(String action, Map<String, ?> fields) {
        Map<String, Object> frame = new LinkedHashMap<>(fields);
        String requestId = "r-" + System.nanoTime();
        frame.put("type", "action");
        frame.put("action", action);
        frame.put("request_id", requestId);
        send(frame);
        return next(f -> requestId.equals(f.path("request_id").asString())
                        && ("action_response".equals(f.path("type").asString()) || "error".equals(f.path("type").asString())),
                Duration.ofSeconds(15), "answer to " + action);
    }

    /**
     * Sends {@code frame}, then an application {@code ping}, and returns every frame that arrived
     * before its {@code pong} (each within 10 s): what the server answered to {@code frame}, if anything.
     */
    public List<JsonNode> exchange(String frame) {
        long marker = MARKERS.incrementAndGet();
        sendText(frame);
        sendText("{\"type\":\"ping\",\"timestamp\":" + marker + "}");
        List<JsonNode> answers = new ArrayList<>();
        while (true) {
            JsonNode next = next(f -> true, Duration.ofSeconds(10), "pong " + marker + " after " + abbreviate(frame));
            if ("pong".equals(next.path("type").asString()) && next.path("timestamp").asLong() == marker) {
                return answers;
            }
            answers.add(next);
        }
    }

    // ---- receiving

    /** The next frame of {@code type} within the socket's patience (earlier frames of other types are skipped, still kept in {@link #received()}). */
    public JsonNode next(String type) {
        return next(ofType(type), patience, type);
    }

    /** The next frame matching {@code match}, consuming every frame before it; fails after {@code timeout}. */
    public JsonNode next(Predicate<JsonNode> match, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode frame = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
                if (frame == null) {
                    throw new AssertionError("no " + what + " within " + timeout
                            + (closeCode.isDone() ? " (closed " + closeCode.join() + ")" : "") + "; received: " + received());
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

    /** The first frame, or null when the socket closed before sending one; fails when neither happens in {@code timeout}. */
    public JsonNode firstOrClose(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (inbox.peek() != null || closeCode.isDone()) {
                return inbox.poll();
            }
            sleep(20);
        }
        throw new AssertionError("neither a frame nor a close within " + timeout);
    }

    /** As {@link #await(Predicate, Duration, String)} within the socket's patience. */
    public JsonNode await(Predicate<JsonNode> match, String what) {
        return await(match, patience, what);
    }

    /** The first frame of {@code type} received so far or within the socket's patience (nothing is consumed). */
    public JsonNode await(String type) {
        return await(ofType(type), patience, type);
    }

    /** Waits until any frame received so far matches (nothing is consumed), and returns the first that does. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            int looked = 0;
            while (true) {
                for (; looked < received.size(); looked++) {
                    if (match.test(received.get(looked).json())) {
                        return received.get(looked).json();
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + what + " within " + timeout + "; received: " + received);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(received, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Frames received and not yet consumed by {@link #next}, without waiting. */
    public List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>();
        inbox.drainTo(out);
        return out;
    }

    /** Every frame received so far, in order. */
    public List<JsonNode> received() {
        synchronized (received) {
            return received.stream().map(Frame::json).toList();
        }
    }

    /** Every frame received so far with its receive time. */
    public List<Frame> frames() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Every JSON frame sent so far. */
    public List<JsonNode> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** Stops asking for frames: what the server sends waits in the kernel and in the server (a slow reader). */
    public void pauseReading() {
        synchronized (this) {
            paused = true;
        }
    }

    public void resumeReading() {
        boolean request;
        synchronized (this) {
            paused = false;
            request = demandOwed;
            demandOwed = false;
        }
        if (request) {
            socket.request(1);
        }
    }

    // ---- closing

    public int awaitClose(Duration timeout) {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within " + timeout + "; received: " + received(), e);
        }
    }

    /** The close reason the server gave, or the error that ended the connection; null while open. */
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

    /** A normal close (1000), or an abort when the server does not take it within 2 s. */
    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                ws.abort();
            }
        }
    }

    public static Predicate<JsonNode> ofType(String type) {
        return frame -> type.equals(frame.path("type").asString());
    }

    /** The frame of {@code type} that answers {@code requestId}. */
    public static Predicate<JsonNode> answerTo(String type, String requestId) {
        return frame -> type.equals(frame.path("type").asString()) && requestId.equals(frame.path("request_id").asString());
    }

    /** {@code frame} as JSON text. */
    public static String json(Object frame) {
        return JSON.writeString(frame);
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void onFrame(String text) {
        Frame frame = new Frame(JSON.readTree(text), System.nanoTime(), System.currentTimeMillis());
        if (recording) {
            synchronized (received) {
                received.add(frame);
                received.notifyAll();
            }
            inbox.add(frame.json());
        }
        listener.frame(this, frame);
    }

    private void onClosed(int code, String reason) {
        if (!closeCode.isDone()) {
            closeReason = reason;
            if (closeCode.complete(code)) {
                listener.closed(this, code, reason);
            }
        }
    }

    /** Asks for the next frame unless reading is paused, in which case the demand waits for {@link #resumeReading()}. */
    private void demand(WebSocket webSocket) {
        synchronized (this) {
            if (paused) {
                demandOwed = true;
                return;
            }
        }
        webSocket.request(1);
    }

    /** Options of one socket; {@link #open()} connects. */
    public static final class Builder {
        private final String url;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean recording = true;
        private Duration patience = DEFAULT_PATIENCE;
        private Listener listener = new Listener() { };

        private Builder(String url) {
            this.url = url;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** How long {@link TestSocket#next(String)} waits (10 s unless set). */
        public Builder patience(Duration patience) {
            this.patience = patience;
            return this;
        }

        /** false: keep no frames (neither received nor sent); only the {@link Listener} sees them. */
        public Builder recording(boolean recording) {
            this.recording = recording;
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = listener;
            return this;
        }

        public TestSocket open() {
            return openAsync().join();
        }

        /** As {@link #open()}, or null when the server refused the handshake. */
        public TestSocket tryOpen() {
            try {
                return open();
            } catch (CompletionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException) {
                    return null;
                }
                throw e;
            }
        }

        /** Connects without waiting; the future fails when the connection or handshake does. */
        public CompletableFuture<TestSocket> openAsync() {
            TestSocket client = new TestSocket(this);
            WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
            headers.forEach(builder::header);
            return builder.buildAsync(URI.create(url), client.new Receiver()).thenApply(ws -> client);
        }
    }

    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            listener.opened(TestSocket.this);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onFrame(text);
                demand(webSocket);
            } else {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            onClosed(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            onClosed(-1, error.toString());
        }
    }
}
