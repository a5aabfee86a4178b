package io.gaia.testsupport.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A loopback HTTP server that answers like a hosted model provider, in that provider's real
 * streaming wire format (Anthropic Messages SSE, or OpenAI chat-completion chunks), so the real
 * client libraries can be exercised without any network. Each request takes the next scripted reply.
 */
public final class ModelWireServer implements AutoCloseable {

    /** One scripted reply: an HTTP status and the SSE events (written one by one, with an optional pause). */
    public record Reply(int status, List<String> events, Duration pauseBetween) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Function<String, Reply>> script = new ConcurrentLinkedQueue<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> paths = Collections.synchronizedList(new ArrayList<>());

    public ModelWireServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public ModelWireServer then(Function<String, Reply> reply) {
        script.add(reply);
        return this;
    }

    public ModelWireServer then(Reply reply) {
        return then(body -> reply);
    }

    /** Forgets the script and the recorded requests (between tests). */
    public void reset() {
        script.clear();
        requests.clear();
        paths.clear();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    public List<String> paths() {
        return List.copyOf(paths);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(body);
        paths.add(exchange.getRequestURI().getPath());
        Function<String, Reply> next = script.poll();
        Reply reply = next == null ? new Reply(500, List.of("{\"error\":\"no scripted reply\"}"), Duration.ZERO) : next.apply(body);
        if (reply.status() != 200) {
            byte[] error = String.join("", reply.events()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), error.length);
            exchange.getResponseBody().write(error);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String event : reply.events()) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (!reply.pauseBetween().isZero()) {
                    Thread.sleep(reply.pauseBetween().toMillis());
                }
            }
        } catch (IOException | InterruptedException clientGone) {
            // the client hung up mid-stream
        }
    }

    // ---- Anthropic Messages streaming ----

    public static Reply anthropicText(Duration pause, String... tokens) {
        List<String> events = new ArrayList<>();
        events.add(sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-test\",\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}"));
        events.add(sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        events.add(sse("ping", "{\"type\":\"ping\"}"));
        for (String token : tokens) {
            events.add(sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                    + quote(token) + "}}"));
        }
        events.add(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        events.add(sse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":" + tokens.length + "}}"));
        events.add(sse("message_stop", "{\"type\":\"message_stop\"}"));
        return new Reply(200, events, pause);
    }

    /** The model asks for one tool call, streamed as input_json_delta pieces. */
    public static Reply anthropicToolUse(String tool, String inputJson) {
        List<String> events = new ArrayList<>();
        events.add(sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-test\",\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}"));
        events.add(sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
                + "\"id\":\"toolu_1\",\"name\":" + quote(tool) + ",\"input\":{}}}"));
        int half = inputJson.length() / 2;
        for (String part : List.of(inputJson.substring(0, half), inputJson.substring(half))) {
            events.add(sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                    + "\"partial_json\":" + quote(part) + "}}"));
        }
        events.add(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        events.add(sse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":5}}"));
        events.add(sse("message_stop", "{\"type\":\"message_stop\"}"));
        return new Reply(200, events, Duration.ZERO);
    }

    // ---- OpenAI chat completions streaming ----

    public static Reply openAiText(Duration pause, String... tokens) {
        List<String> events = new ArrayList<>();
        events.add(openAiChunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        for (String token : tokens) {
            events.add(openAiChunk("{\"content\":" + quote(token) + "}", null));
        }
        events.add(openAiChunk("{}", "stop"));
        events.add("data: [DONE]\n\n");
        return new Reply(200, events, pause);
    }

    private static String openAiChunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1763771234,\"model\":\"local-test\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : quote(finish))
                + "}]}\n\n";
    }

    private static String sse(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }

    public static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
