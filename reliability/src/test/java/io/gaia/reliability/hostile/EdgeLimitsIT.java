package io.gaia.reliability.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.GaiaJson;
import io.gaia.events.socket.CloseCodes;
import io.gaia.reliability.stack.Stack;
import io.gaia.testsupport.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12's edge classes against real processes (kb-service and session-service): half-open HTTP
 * connections, request ids, tokens without exp or beyond the maximum lifetime, and information leaks.
 * Each input gets the documented error or close; counts go to target/reliability-figures/edge-limits.md.
 */
class EdgeLimitsIT {

    static final TestTokens tokens = TestTokens.development();
    static final byte[] SECRET = TestTokens.DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8);
    static final Duration SESSION_HEAD_TIMEOUT = Duration.ofSeconds(2);
    static final GaiaJson JSON = GaiaJson.create();
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    static final Map<String, String> figures = new TreeMap<>();
    static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(2, Map.of("gaia.http.request-head-timeout", SESSION_HEAD_TIMEOUT.toSeconds() + "s"));
    }

    @AfterAll
    static void stop() throws Exception {
        StringBuilder out = new StringBuilder("| class | result |\n|---|---|\n");
        figures.forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Path dir = Path.of("target", "reliability-figures");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("edge-limits.md"), out);
        System.out.println(out);
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void halfOpenConnectionsTricklingHeaderLinesAreClosedAtTheHeadTimeoutWhilePlayersAreServed() throws Exception {
        int count = 400;
        List<Socket> sockets = new ArrayList<>();
        int port = URI.create(stack.session().url()).getPort();
        try (Ws player = Ws.open(stack.sessionSocketUrl() + "?experience=wylding-woods&token=" + tokens.player("steady"))) {
            player.next("area_of_interest");
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream().write("GET /actuator/health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                sockets.add(socket);
            }
            int open = count;
            long lastCloseMillis = 0;
            // one more header line per socket every 500 ms: a read-idle timer would never fire
            for (int round = 0; round < 20 && open > 0; round++) {
                Thread.sleep(500);
                open = 0;
                for (int i = 0; i < sockets.size(); i++) {
                    if (stillOpen(sockets.get(i), "X-Trickle-" + round + ": 1\r\n")) {
                        open++;
                    }
                }
                if (open > 0) {
                    lastCloseMillis = (System.nanoTime() - start) / 1_000_000;
                }
                // a player on a real socket is served all along
                assertThat(player.exchange("{\"type\":\"get_commands\"}")).anyMatch(f -> "commands_schema".equals(f.path("type").asString()));
            }
            assertThat(open).as("half-open connections still open").isZero();
            assertThat(lastCloseMillis).isLessThan(SESSION_HEAD_TIMEOUT.toMillis() + 2_500);
            figures.put("half-open HTTP connections (trickled header lines, session-service, head timeout "
                    + SESSION_HEAD_TIMEOUT.toSeconds() + " s)", count + " opened, " + count + " closed by the server within "
                    + (lastCloseMillis + 500) + " ms; a player was served throughout");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void requestIdsOutsideTheRuleAreRefusedOnHttpAndOnTheSocket() throws Exception {
        String[] bad = {"x".repeat(60_000), "a\r\n2026-12-01 INFO forged line", "a\nb", "tab\there", "ünïcode", "r".repeat(129)};
        int refused = 0;
        for (String id : bad) {
            HttpResponse<String> answer = post(stack.kb().url() + "/actions", tokens.player("rid"),
                    JSON.writeString(Map.of("experience", "wylding-woods", "action", "inventory", "request_id", id)));
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).path("code").asString()).isEqualTo("invalid_field");
            assertThat(answer.body()).doesNotContain("forged");
            refused++;
        }
        try (Ws ws = Ws.open(stack.sessionSocketUrl() + "?experience=wylding-woods&token=" + tokens.player("rid-ws"))) {
            ws.next("area_of_interest");
            for (String id : bad) {
                ws.send(Ws.json(Map.of("type", "action", "action", "inventory", "request_id", id)));
                JsonNode error = ws.next("error");
                assertThat(error.path("code").asString()).isEqualTo("invalid_field");
                assertThat(error.toString()).doesNotContain("forged");
                refused++;
            }
            assertThat(ws.isClosed()).isFalse();
        }
        figures.put("request ids outside the rule (60,000 chars, CR/LF, LF, tab, non-ASCII, 129 chars)",
                refused + " of " + (2 * bad.length) + " refused with invalid_field (HTTP and socket)");
    }

    @Test
    void tokensWithoutExpOrLivingTooLongAreRefusedEverywhere() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> bad = Map.of(
                "no exp", Jwts2.hs256(SECRET, "{" + Jwts2.user("eternal") + ",\"aud\":\"authenticated\",\"iat\":" + now + "}"),
                "no exp, admin", Jwts2.hs256(SECRET, "{" + Jwts2.user("eternal") + ",\"aud\":\"authenticated\",\"gaia_roles\":[\"admin\"]}"),
                "exp - iat = 48 h", Jwts2.hs256(SECRET, "{" + Jwts2.user("patient") + ",\"aud\":\"authenticated\",\"iat\":" + now
                        + ",\"exp\":" + (now + 48 * 3600) + "}"),
                "no iat, exp in 30 days", Jwts2.hs256(SECRET, "{" + Jwts2.user("patient") + ",\"aud\":\"authenticated\",\"exp\":"
                        + (now + 30 * 86400) + "}"));
        int refused = 0;
        for (var token : bad.entrySet()) {
            HttpResponse<String> answer = get(stack.kb().url() + "/experiences/wylding-woods/npcs", token.getValue());
            assertThat(answer.statusCode()).as(token.getKey()).isEqualTo(401);
            assertThat(JSON.readTree(answer.body()).path("code").asString()).isEqualTo("unauthorized");
            Ws ws = Ws.tryOpen(stack.sessionSocketUrl() + "?experience=wylding-woods&token=" + token.getValue());
            if (ws != null) {
                assertThat(ws.awaitClose(Duration.ofSeconds(5))).as(token.getKey()).isEqualTo(CloseCodes.POLICY_VIOLATION);
                ws.close();
            }
            refused += 2;
        }
        figures.put("tokens without exp or beyond gaia.jwt.max-lifetime (24 h)",
                refused + " of " + (2 * bad.size()) + " refused (kb HTTP 401 unauthorized, socket close 1008)");
    }

    @Test
    void healthIsStatusOnlyAndMetricsAndDetailsNeedAnAdminToken() throws Exception {
        int checked = 0;
        for (String base : List.of(stack.kb().url(), stack.session().url())) {
            HttpResponse<String> health = get(base + "/actuator/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).doesNotContain("components", "/", "experiences", "sessions", "nats");
            checked++;
            for (String path : List.of("/actuator/health/details", "/actuator/metrics", "/actuator/prometheus",
                    "/actuator/env", "/actuator/configprops", "/actuator/health/experiences", "/actuator")) {
                assertThat(get(base + path, null).statusCode()).as(base + path).isEqualTo(401);
                assertThat(get(base + path, tokens.player("curious")).statusCode()).as(base + path).isEqualTo(403);
                checked += 2;
            }
            assertThat(get(base + "/actuator/health/details", tokens.admin("ops")).statusCode()).isEqualTo(200);
        }
        // wrong types in a body are explained without Java class names
        for (String body : List.of("{\"experience\":5,\"action\":\"x\"}", "{\"experience\":\"wylding-woods\",\"action\":{\"a\":1}}",
                "{\"experience\":[],\"action\":\"x\"}", "[1,2]")) {
            HttpResponse<String> answer = post(stack.kb().url() + "/actions", tokens.player("curious"), body);
            assertThat(answer.statusCode()).as(body).isBetween(400, 499);
            assertThat(answer.body()).as(body).doesNotContain("java.", "io.gaia", "tools.jackson", "CoercionConfig", "/tmp/", "/home/");
            checked++;
        }
        figures.put("information leaks (public health, private actuator paths, error bodies)",
                checked + " probes; 0 leaks (status-only health, 401/403 on every private path, no class names or paths)");
    }

    private static boolean stillOpen(Socket socket, String line) {
        try {
            if (socket.isClosed()) {
                return false;
            }
            OutputStream out = socket.getOutputStream();
            out.write(line.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(1);
            InputStream in = socket.getInputStream();
            if (in.read() < 0) {
                socket.close();
                return false;
            }
            return true;
        } catch (SocketTimeoutException stillWaiting) {
            return true;
        } catch (IOException reset) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a reset socket
            }
            return false;
        }
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
