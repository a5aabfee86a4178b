package io.gaia.e2e.traffic;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** One chat turn against chat-service's SSE endpoint: the JSON of every {@code data:} event, in order. */
public final class SseTurn {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private SseTurn() {
    }

    public static List<JsonNode> play(String chatUrl, String token, String message, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(chatUrl + "/chat/unified"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("message", message))));
        headers.forEach(request::header);
        HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("chat answered " + response.statusCode());
        }
        try (var lines = response.body()) {
            return lines.filter(line -> line.startsWith("data:"))
                    .map(line -> JSON.readTree(line.substring("data:".length()).strip()))
                    .toList();
        }
    }
}
