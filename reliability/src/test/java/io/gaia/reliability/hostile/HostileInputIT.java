package io.gaia.reliability.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ErrorCodes;
import io.gaia.reliability.fuzz.Codes;
import io.gaia.reliability.stack.DrillStack;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.TestSocket;
import io.gaia.testsupport.stack.GaiaStack;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Hostile input against the running services (real processes): every input gets a documented error
 * or a close, the services stay up, nobody else notices, nothing is accepted that should not be,
 * and no player ever receives another player's private deltas. Inputs are counted per class
 * (target/reliability-figures/hostile-input.md).
 */
class HostileInputIT {

    static final String WOODS = "wylding-woods";
    static final TestTokens tokens = TestTokens.development();
    static final byte[] SECRET = TestTokens.DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8);
    static final InputCounts tried = new InputCounts();
    static final List<String> leaks = new ArrayList<>();
    static final AtomicInteger internalErrors = new AtomicInteger();
    static GaiaStack stack;
    static TestSocket victim;

    @BeforeAll
    static void start() throws Exception {
        stack = DrillStack.start(2, Map.of());
        victim = join("victim");
        assertThat(act(victim, "go", Map.of("destination", "main_room")).path("success").asBoolean()).isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        StringBuilder out = tried.table("input class");
        out.append("| **total** | ").append(tried.total()).append(" |\n\n")
                .append("internal errors (crashes): ").append(internalErrors.get()).append("; cross-user leaks: ")
                .append(leaks.size()).append('\n');
        InputCounts.write("hostile-input.md", out);
        if (victim != null) {
            victim.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** After every class of input: both services alive and healthy, the bystander still served. */
    @AfterEach
    void nobodyElseIsAffected() throws Exception {
        assertThat(stack.kb().isAlive()).isTrue();
        assertThat(stack.session().isAlive()).isTrue();
        assertThat(get(stack.kb().url() + "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get(stack.session().url() + "/actuator/health", null).statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        assertThat(victim.exchange("{\"type\":\"get_commands\"}")).anyMatch(f -> "commands_schema".equals(type(f)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(victim.isClosed()).isFalse();
        assertThat(internalErrors.get()).as("internal_error answers (crashes)").isZero();
        assertThat(leaks).as("cross-user leaks").isEmpty();
        checkNoLeak(victim, "victim");
    }

    // ---- WebSocket frames -------------------------------------------------------------------

    @Test
    void malformedWrongTypedHugeDeepAndUnknownFramesGetDocumentedErrorsAndTheSocketStaysOpen() throws Exception {
        List<String> frames = new ArrayList<>(List.of(
                "{", "}", "not json", "[]", "[1,2,3]", "\"text\"", "123", "null", "true", "{\"type\":", "{\"type\":\"ping\"",
                "{\"type\":\"action\",\"action\":\"go\",}", "{'type':'ping'}", "{\"type\":\"ping\"}{\"type\":\"ping\"}",
                "\u0000", "{\"type\":\"\u0000\"}", "{}", "{\"type\":null}", "{\"type\":\"\"}", "{\"type\":\"  \"}",
                "{\"type\":1}", "{\"type\":[\"action\"]}", "{\"type\":{\"a\":1}}", "{\"type\":true}",
                "{\"type\":\"action\"}", "{\"type\":\"action\",\"action\":null}", "{\"type\":\"action\",\"action\":5}",
                "{\"type\":\"action\",\"action\":{\"x\":1}}", "{\"type\":\"action\",\"action\":[\"go\"]}",
                "{\"type\":\"action\",\"action\":\"collect_item\",\"params\":\"x\"}",
                "{\"type\":\"action\",\"action\":\"collect_item\",\"params\":[1]}",
                "{\"type\":\"action\",\"action\":\"collect_item\",\"instance_id\":5}",
                "{\"type\":\"action\",\"action\":\"collect_item\",\"instance_id\":{\"$gt\":\"\"}}",
                "{\"type\":\"action\",\"action\":\"collect_item\"}",
                "{\"type\":\"action\",\"action\":\"update_location\",\"lat\":\"37\",\"lng\":1}",
                "{\"type\":\"update_location\",\"lat\":\"37.9\",\"lng\":-122.5}", "{\"type\":\"update_location\",\"lat\":91,\"lng\":0}",
                "{\"type\":\"update_location\",\"lat\":1e999,\"lng\":0}", "{\"type\":\"update_location\",\"lat\":-1e400,\"lng\":0}",
                "{\"type\":\"update_location\"}", "{\"type\":\"update_location\",\"lat\":null,\"lng\":null}",
                "{\"type\":\"resume\"}", "{\"type\":\"resume\",\"versions\":\"x\"}", "{\"type\":\"resume\",\"versions\":{}}",
                "{\"type\":\"resume\",\"versions\":{\"world\":-1}}", "{\"type\":\"resume\",\"versions\":{\"world\":1.5}}",
                "{\"type\":\"resume\",\"versions\":{\"world\":\"7\"}}", "{\"type\":\"resume\",\"versions\":{\"world\":1e30}}",
                "{\"type\":\"resume\",\"versions\":{\"world\":99999999999999999999999}}",
                "{\"type\":\"chat\"}", "{\"type\":\"chat\",\"text\":\"\"}", "{\"type\":\"chat\",\"text\":7}",
                "{\"type\":\"chat\",\"text\":\"" + "x".repeat(4001) + "\"}",
                "{\"type\":\"refresh_token\"}", "{\"type\":\"refresh_token\",\"token\":5}", "{\"type\":\"refresh_token\",\"token\":\"x\"}",
                "{\"type\":\"ping\",\"request_id\":{\"a\":1}}", "{\"type\":\"ping\",\"request_id\":\"" + "r".repeat(200) + "\"}",
                "{\"type\":\"ping\",\"timestamp\":\"now\"}", "{\"type\":\"ping\",\"timestamp\":17118101111637712345678}",
                "{\"type\":\"ping\",\"timestamp\":1e999}", "{\"type\":\"ping\",\"timestamp\":-1e300}", "{\"type\":\"get_commands\",\"request_id\":5}"));
        for (String type : List.of("dance", "ACTION", "Ping", "__proto__", "constructor", "world_update", "area_of_interest",
                "connected", "error", "pong", "x".repeat(10_000), "\u202e", "\ud83d\ude00")) {
            frames.add("{\"type\":" + Jwts2.quote(type) + "}");
        }
        for (String action : List.of("fly", "@@", "@", "@nonsense", "../../etc/passwd", "collect_item; drop_item",
                "COLLECT_ITEM", "collect_item\u0000", " ", "a".repeat(513), "\ud83d\ude00", "$where", "@reset")) {
            frames.add("{\"type\":\"action\",\"action\":" + Jwts2.quote(action) + "}");
        }
        frames.add("{\"type\":\"action\",\"action\":\"go\",\"destination\":\"" + "d".repeat(60_000) + "\"}");
        frames.add("{\"type\":\"action\",\"action\":\"go\",\"destination\":[" + "1,".repeat(15_000) + "1]}");
        frames.add("{\"type\":\"action\",\"action\":\"go\",\"params\":{" + "\"k%d\":1,".repeat(1).replace("%d", "0")
                + manyKeys(3000) + "}}");
        frames.add("{\"type\":\"action\",\"action\":\"go\",\"params\":" + "[".repeat(1000) + "]".repeat(1000) + "}");
        frames.add("{\"type\":\"action\",\"action\":\"go\",\"params\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}");
        frames.add("{\"type\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
        frames.add("{\"type\":\"ping\",\"deep\":" + "[".repeat(20_000));

        try (TestSocket attacker = join("attacker-frames")) {
            for (String frame : frames) {
                count("websocket frames: malformed, wrong types, huge, deep, unknown");
                List<JsonNode> answers = attacker.exchange(frame);
                for (JsonNode answer : answers) {
                    checkAnswer(answer, frame);
                }
                Thread.sleep(110); // two frames per input: stay under the documented 20 frames/s
            }
            for (int i = 0; i < 10; i++) {
                count("websocket frames: binary");
                attacker.sendBinary(("{\"type\":\"ping\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                JsonNode error = attacker.next("error");
                assertThat(error.path("code").asString()).isEqualTo(ErrorCodes.INVALID_JSON);
                Thread.sleep(60);
            }
            assertThat(attacker.isClosed()).isFalse();
            checkNoLeak(attacker, "attacker-frames");
        }
    }

    private static String manyKeys(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < n; i++) {
            out.append(i == 1 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return out.toString();
    }

    @Test
    void aFloodIsRateLimitedAndTheSocketStaysUsable() throws Exception {
        try (TestSocket attacker = join("attacker-flood")) {
            for (int i = 0; i < 1000; i++) {
                count("websocket frames: flood");
                attacker.send("{\"type\":\"ping\",\"timestamp\":" + i + "}");
            }
            attacker.next(f -> "error".equals(type(f)) && ErrorCodes.RATE_LIMITED.equals(f.path("code").asString()),
                    Duration.ofSeconds(10), "rate_limited");
            Thread.sleep(2500);
            assertThat(attacker.exchange("{\"type\":\"get_commands\"}")).anyMatch(f -> "commands_schema".equals(type(f)));
            long limited = attacker.received().stream().filter(f -> ErrorCodes.RATE_LIMITED.equals(f.path("code").asString())).count();
            assertThat(limited).as("frames refused by the rate limit").isGreaterThan(500);
        }
    }

    @Test
    void aFrameOverTheLimitClosesOnlyThatSocketWith1009() throws Exception {
        for (int size : new int[] {65_537, 200_000, 1_000_000}) {
            try (TestSocket attacker = join("attacker-big-" + size)) {
                count("websocket frames: over the 64 KiB limit");
                boolean sent = true;
                try {
                    attacker.send("{\"type\":\"chat\",\"text\":\"" + "x".repeat(size) + "\"}");
                } catch (java.util.concurrent.CompletionException closedWhileWriting) {
                    sent = false; // the server closed before the client finished writing the frame
                }
                int code = attacker.awaitClose(Duration.ofSeconds(10));
                if (sent || code != -1) {
                    assertThat(code).isEqualTo(1009);
                }
            }
        }
    }

    // ---- Tokens -----------------------------------------------------------------------------

    @Test
    void forgedExpiredMisdirectedAndConfusedTokensAreNeverAccepted() throws Exception {
        String good = Jwts2.claims(Jwts2.user("mallory"), "authenticated", -60, 3600);
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("expired", Jwts2.hs256(SECRET, Jwts2.claims(Jwts2.user("mallory"), "authenticated", -7200, -3600)));
        bad.put("expired beyond the skew", Jwts2.hs256(SECRET, Jwts2.claims(Jwts2.user("mallory"), "authenticated", -7200, -60)));
        bad.put("not yet valid", Jwts2.hs256(SECRET, Jwts2.claims(Jwts2.user("mallory"), "authenticated", 3600, 7200)));
        bad.put("wrong audience", Jwts2.hs256(SECRET, Jwts2.claims(Jwts2.user("mallory"), "anon", -60, 3600)));
        bad.put("no audience", Jwts2.hs256(SECRET, Jwts2.claims(Jwts2.user("mallory"), null, -60, 3600)));
        bad.put("wrong signature", Jwts2.hs256("another-secret-another-secret-another-secret!".getBytes(StandardCharsets.UTF_8), good));
        bad.put("alg none", Jwts2.none(good));
        bad.put("alg none, signature kept", Jwts2.none(good) + Jwts2.hs256(SECRET, good).split("\\.")[2]);
        bad.put("alg NONE", Jwts2.b64("{\"alg\":\"NONE\"}") + "." + Jwts2.b64(good) + ".");
        bad.put("RS256 with the attacker's key", Jwts2.rs256(good));
        bad.put("HS256 keyed with an RS256 public key (PEM)", Jwts2.hs256(Jwts2.publicKeyPem(), good));
        bad.put("HS256 keyed with an RS256 public key (DER)", Jwts2.hs256(Jwts2.RSA.getPublic().getEncoded(), good));
        bad.put("RS256 header, HMAC signature with the secret", Jwts2.hmac("HS256", SECRET, "{\"alg\":\"RS256\"}", good));
        bad.put("HS512 with the right secret", Jwts2.hmac("HS512", SECRET, "{\"alg\":\"HS512\"}", good));
        bad.put("HS384 with the right secret", Jwts2.hmac("HS384", SECRET, "{\"alg\":\"HS384\"}", good));
        String valid = Jwts2.hs256(SECRET, good);
        String[] parts = valid.split("\\.");
        bad.put("payload swapped to another user", parts[0] + "." + Jwts2.b64(Jwts2.claims(Jwts2.user("victim"), "authenticated", -60, 3600)) + "." + parts[2]);
        bad.put("admin role added to the payload", parts[0] + "." + Jwts2.b64(good.replace("}", ",\"gaia_roles\":[\"admin\"]}")) + "." + parts[2]);
        bad.put("signature stripped", parts[0] + "." + parts[1] + ".");
        bad.put("two parts", parts[0] + "." + parts[1]);
        bad.put("garbage", "not-a-token");
        bad.put("empty", "");
        bad.put("spaces", "   ");
        bad.put("9000 characters", "a".repeat(9000));
        bad.put("no user id", Jwts2.hs256(SECRET, Jwts2.claims("\"iss\":\"x\"", "authenticated", -60, 3600)));
        bad.put("user id is a number", Jwts2.hs256(SECRET, Jwts2.claims("\"user_id\":5", "authenticated", -60, 3600)));
        bad.put("user id with a NUL", Jwts2.hs256(SECRET, Jwts2.claims(Jwts2.user("a\u0000b"), "authenticated", -60, 3600)));
        bad.put("user id with a newline", Jwts2.hs256(SECRET, Jwts2.claims(Jwts2.user("a\nb"), "authenticated", -60, 3600)));
        bad.put("user id over 512 UTF-8 bytes", Jwts2.hs256(SECRET, Jwts2.claims(Jwts2.user("u".repeat(513)), "authenticated", -60, 3600)));
        bad.put("header is not JSON", Jwts2.b64("nope") + "." + parts[1] + "." + parts[2]);
        bad.put("crit header", Jwts2.hmac("HS256", SECRET, "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", good));
        bad.put("jku header pointing elsewhere", Jwts2.hmac("HS256", "x".repeat(40).getBytes(StandardCharsets.UTF_8),
                "{\"alg\":\"HS256\",\"jku\":\"http://127.0.0.1:1/keys\"}", good));

        try (TestSocket holder = join("token-holder")) {
            for (Map.Entry<String, String> token : bad.entrySet()) {
                count("tokens: forged, expired, wrong audience/alg/signature");
                String url = stack.socketUrl().build() + "?experience=" + WOODS + "&token="
                        + URLEncoder.encode(token.getValue(), StandardCharsets.UTF_8);
                TestSocket socket = Sockets.tryOpen(url);
                if (socket != null) {
                    assertThat(socket.awaitClose(Duration.ofSeconds(10))).as(token.getKey()).isEqualTo(1008);
                    assertThat(socket.received()).as(token.getKey()).noneMatch(f -> "connected".equals(type(f)));
                }
                // 401, or 431 when the header itself is too large for the server to read
                HttpResponse<String> kb = get(stack.kb().url() + "/experiences/" + WOODS + "/area-of-interest", token.getValue());
                assertThat(kb.statusCode()).as(token.getKey() + ": " + kb.body()).isIn(401, 431);
                HttpResponse<String> admin = get(stack.kb().url() + "/admin/experiences/" + WOODS + "/state", token.getValue());
                assertThat(admin.statusCode()).as(token.getKey()).isIn(401, 431);
                List<JsonNode> answers = holder.exchange(TestSocket.json(Map.of("type", "refresh_token", "token", token.getValue())));
                assertThat(answers).as(token.getKey()).noneMatch(f -> "token_refreshed".equals(type(f)))
                        .anyMatch(f -> "error".equals(type(f)));
                answers.forEach(a -> checkAnswer(a, token.getKey()));
                Thread.sleep(60);
            }
            count("tokens: another user's valid token in refresh_token");
            List<JsonNode> answers = holder.exchange(TestSocket.json(Map.of("type", "refresh_token", "token", tokens.player("victim"))));
            assertThat(answers).anyMatch(f -> ErrorCodes.FORBIDDEN.equals(f.path("code").asString()));
            assertThat(holder.exchange("{\"type\":\"action\",\"action\":\"inventory\"}"))
                    .anyMatch(f -> "action_response".equals(type(f)) && f.path("success").asBoolean());
        }
    }

    @Test
    void idsCraftedAsSubjectWildcardsOrOddCharactersNeverSeeAnotherPlayersDeltas() throws Exception {
        List<String> ids = List.of("*", ">", "a.b", "a.>", "world.updates.user.victim", "victim.*", "victim ", " victim",
                "a b", "José", "\u202evictim", "\ud83d\ude00", "%002A", "victim%", "..", "../victim", "/", "\\", "$", "victim\t");
        for (String id : ids) {
            count("tokens: user ids crafted as NATS wildcards, spaces, unicode");
            String token = tokens.token(id, Duration.ofHours(1), b -> b);
            TestSocket socket = Sockets.tryOpen(stack.socketUrl().build() + "?experience=" + WOODS + "&token=" + token);
            if (socket == null) {
                continue; // refused at the handshake
            }
            try (TestSocket attacker = socket) {
                JsonNode first = attacker.firstOrClose(Duration.ofSeconds(15));
                if (first == null || !"connected".equals(type(first))) {
                    continue; // refused with a documented close: never accepted, nothing to leak
                }
                assertThat(first.path("user_id").asString()).isEqualTo(id);
                attacker.next("area_of_interest");
                act(attacker, "go", Map.of("destination", "main_room"));
                act(attacker, "collect_item", Map.of("instance_id", "bottle_nature"));
                act(attacker, "drop_item", Map.of("instance_id", "bottle_nature"));
                // the victim acts too: its private deltas must reach only the victim
                act(victim, "collect_item", Map.of("instance_id", "bottle_mystery"));
                act(victim, "drop_item", Map.of("instance_id", "bottle_mystery"));
                Thread.sleep(300);
                checkNoLeak(attacker, id);
                checkNoLeak(victim, "victim");
            }
        }
    }

    @Test
    void anotherUsersIdInTheBodyActsOnlyAsTheTokensUser() throws Exception {
        try (TestSocket attacker = join("body-forger")) {
            act(attacker, "go", Map.of("destination", "main_room"));
            for (String field : List.of("user_id", "userId", "sub", "player", "actor")) {
                count("tokens: another user's id in the body");
                JsonNode response = act(attacker, "inventory", Map.of(field, "victim"));
                if (response.path("success").asBoolean()) {
                    assertThat(response.toString()).doesNotContain("\"user_id\":\"victim\"");
                }
                count("tokens: another user's id in the body");
                String body = "{\"experience\":\"" + WOODS + "\",\"action\":\"collect_item\",\"params\":{\"instance_id\":\"bottle_energy\","
                        + "\"" + field + "\":\"victim\"},\"" + field + "\":\"victim\"}";
                HttpResponse<String> taken = post(stack.kb().url() + "/actions", tokens.player("body-forger"), body);
                if (taken.statusCode() == 200) {
                    post(stack.kb().url() + "/actions", tokens.player("body-forger"),
                            body.replace("collect_item", "drop_item"));
                }
                HttpResponse<String> victimState = get(stack.kb().url() + "/admin/experiences/" + WOODS + "/players/victim",
                        tokens.admin("auditor"));
                assertThat(victimState.body()).doesNotContain("bottle_energy");
            }
            checkNoLeak(attacker, "body-forger");
        }
    }

    // ---- Path-like ids, bodies, admin ---------------------------------------------------------

    @Test
    void pathLikeExperienceAndItemIdsAreRefused() throws Exception {
        List<String> ids = List.of("../wylding-woods", "../../etc/passwd", "/etc/passwd", "wylding-woods/../drill",
                "wylding-woods\u0000", "\u0000", "..", ".", "C:\\Windows", "..\\..\\x", "%2e%2e%2f", "wylding-woods%00",
                "~root", "wylding-woods/.git/config", "." + "/".repeat(300), "a".repeat(300));
        for (String id : ids) {
            count("path-like ids: experience (socket)");
            TestSocket socket = Sockets.tryOpen(stack.socketUrl().build() + "?experience=" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                    + "&token=" + tokens.player("pathfinder"));
            if (socket != null) {
                int code = socket.awaitClose(Duration.ofSeconds(10));
                assertThat(code).as(id).isIn(4404, 1008);
                assertThat(socket.received()).as(id).noneMatch(f -> "connected".equals(type(f)));
            }
            for (String path : List.of("/experiences/%s", "/experiences/%s/area-of-interest", "/experiences/%s/commands",
                    "/experiences/%s/npcs", "/admin/experiences/%s/state")) {
                count("path-like ids: experience (HTTP)");
                String url = stack.kb().url() + path.formatted(URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
                HttpResponse<String> response = get(url, tokens.admin("pathfinder-admin"));
                assertThat(response.statusCode()).as(url + " " + response.body()).isIn(400, 404);
            }
            count("path-like ids: item ids");
            JsonNode answer = act(victim, "collect_item", Map.of("instance_id", id));
            assertThat(answer.path("success").asBoolean()).isFalse();
            assertThat(answer.path("code").asString()).as(id).isIn(ErrorCodes.INVALID_FIELD, ErrorCodes.NOT_FOUND);
            count("path-like ids: item ids");
            answer = act(victim, "drop_item", Map.of("instance_id", "bottle_joy", "spot_id", id));
            assertThat(answer.path("success").asBoolean()).isFalse();
            Thread.sleep(50);
        }
        try (Stream<Path> files = Files.walk(stack.stateDir())) {
            assertThat(files.map(p -> stack.stateDir().relativize(p).toString()))
                    .as("nothing written outside the experiences' state folders")
                    .allMatch(p -> p.isEmpty() || p.startsWith("drill") || p.startsWith(WOODS) || p.startsWith(".git")
                            || p.startsWith("_profiles"));
        }
    }

    @Test
    void oversizedAndDeeplyNestedHttpBodiesAreRefused() throws Exception {
        String token = tokens.player("big-sender");
        for (int size : new int[] {65_537, 300_000, 2_000_000, 12_000_000}) {
            count("oversized HTTP bodies");
            String body = "{\"experience\":\"" + WOODS + "\",\"action\":\"go\",\"params\":{\"destination\":\"" + "x".repeat(size) + "\"}}";
            HttpResponse<String> response = post(stack.kb().url() + "/actions", token, body);
            if (response != null) {
                assertThat(response.statusCode()).as("%d bytes", size).isEqualTo(413);
                assertThat(response.body()).contains(ErrorCodes.PAYLOAD_TOO_LARGE);
            }
            count("oversized HTTP bodies");
            HttpResponse<String> location = post(stack.kb().url() + "/experiences/" + WOODS + "/location", token,
                    "{\"lat\":1,\"lng\":1,\"pad\":\"" + "x".repeat(size) + "\"}");
            assertThat(location == null ? 413 : location.statusCode()).isEqualTo(413);
        }
        for (String body : List.of("[".repeat(50_000), "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000),
                "{\"experience\":\"" + WOODS + "\",\"action\":\"go\",\"params\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
                "{\"experience\":5,\"action\":[]}", "", "null", "\u0000\u0001")) {
            count("malformed HTTP bodies");
            HttpResponse<String> response = post(stack.kb().url() + "/actions", token, body);
            assertThat(response.statusCode()).as(body.substring(0, Math.min(40, body.length()))).isIn(400, 413);
            assertThat(response.body()).doesNotContain(ErrorCodes.INTERNAL_ERROR);
        }
    }

    @Test
    void adminCommandsWithoutTheAdminRoleAreForbiddenAndChangeNothing() throws Exception {
        long worldBefore = worldVersion();
        List<String> lines = List.of("@reset experience CONFIRM", "@reset world CONFIRM", "@reset player victim CONFIRM",
                "@reset experience", "@where victim", "@examine bottle_joy", "@edit bottle_joy name Stolen",
                "@edit bottle_joy visible false", "@RESET experience CONFIRM", " @reset experience CONFIRM");
        Map<String, String> roleClaims = new LinkedHashMap<>();
        roleClaims.put("no role", tokens.player("pretender"));
        roleClaims.put("gaia_roles=Admin", tokens.token("pretender", Duration.ofHours(1), b -> b.claim("gaia_roles", "Admin")));
        roleClaims.put("gaia_roles=[ADMIN]", tokens.token("pretender", Duration.ofHours(1), b -> b.claim("gaia_roles", List.of("ADMIN"))));
        roleClaims.put("gaia_roles='admin '", tokens.token("pretender", Duration.ofHours(1), b -> b.claim("gaia_roles", "admin ")));
        roleClaims.put("gaia_roles={admin:true}", tokens.token("pretender", Duration.ofHours(1), b -> b.claim("gaia_roles", Map.of("admin", true))));
        roleClaims.put("role=admin", tokens.token("pretender", Duration.ofHours(1), b -> b.claim("role", "admin")));
        roleClaims.put("roles=[admin]", tokens.token("pretender", Duration.ofHours(1), b -> b.claim("roles", List.of("admin"))));
        roleClaims.put("app_metadata.gaia_roles", tokens.token("pretender", Duration.ofHours(1),
                b -> b.claim("app_metadata", Map.of("gaia_roles", List.of("admin")))));
        for (Map.Entry<String, String> role : roleClaims.entrySet()) {
            try (TestSocket pretender = Sockets.open(stack.socketUrl().build() + "?experience=" + WOODS + "&token=" + role.getValue())) {
                pretender.next("area_of_interest");
                for (String line : lines) {
                    count("admin commands without the admin role");
                    JsonNode answer = act(pretender, line, Map.of());
                    assertThat(answer.path("success").asBoolean()).as(role.getKey() + " " + line).isFalse();
                    assertThat(answer.path("code").asString()).as(role.getKey() + " " + line)
                            .isIn(ErrorCodes.FORBIDDEN, ErrorCodes.UNKNOWN_ACTION);
                    Thread.sleep(60);
                }
                count("admin commands without the admin role");
                JsonNode params = act(pretender, "@reset", Map.of("params", Map.of("scope", "experience", "confirm", "CONFIRM")));
                assertThat(params.path("code").asString()).isEqualTo(ErrorCodes.FORBIDDEN);
            }
            for (String path : List.of("/admin/experiences/" + WOODS + "/state", "/admin/experiences/" + WOODS + "/players/victim")) {
                count("admin commands without the admin role");
                assertThat(get(stack.kb().url() + path, role.getValue()).statusCode()).as(role.getKey()).isEqualTo(403);
            }
        }
        assertThat(worldVersion()).as("no admin line changed the world").isEqualTo(worldBefore);
    }

    // ---- helpers ------------------------------------------------------------------------------

    static TestSocket join(String user) {
        TestSocket ws = Sockets.open(stack.socketUrl().build() + "?experience=" + WOODS + "&token=" + tokens.player(user));
        ws.next("area_of_interest");
        return ws;
    }

    static JsonNode act(TestSocket ws, String action, Map<String, ?> fields) {
        JsonNode answer = ws.act(action, fields);
        checkAnswer(answer, action);
        return answer;
    }

    /** Every error an input causes is documented; an internal error is a crash of the input's handling. */
    static void checkAnswer(JsonNode answer, String input) {
        String code = answer.path("code").asString(null);
        if (code == null) {
            return;
        }
        if (ErrorCodes.INTERNAL_ERROR.equals(code)) {
            internalErrors.incrementAndGet();
        }
        assertThat(Codes.DOCUMENTED).as("code of the answer to " + input.substring(0, Math.min(80, input.length())))
                .contains(code);
    }

    /** A socket of {@code user} must only ever carry that user's private (player-scope) deltas. */
    static void checkNoLeak(TestSocket ws, String user) {
        for (JsonNode frame : ws.received()) {
            if ("world_update".equals(type(frame)) && "player".equals(frame.path("scope").asString())
                    && !user.equals(frame.path("user_id").asString())) {
                leaks.add(user + " received " + frame.path("user_id").asString() + "'s private delta");
            }
        }
        assertThat(leaks).isEmpty();
    }

    static long worldVersion() throws Exception {
        HttpResponse<String> state = get(stack.kb().url() + "/admin/experiences/" + WOODS + "/state", tokens.admin("auditor"));
        return io.gaia.events.GaiaJson.withMaxBytes(8 << 20).readTree(state.body()).path("world").path("metadata")
                .path("_version").asLong();
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        return Http.get(url, token);
    }

    static HttpResponse<String> post(String url, String token, String body) throws Exception {
        try {
            return Http.post(url, token, body);
        } catch (java.io.IOException closedEarly) {
            // a server may close the connection after refusing a huge body: that is a refusal too (413 below)
            return null;
        }
    }

    static void count(String inputClass) {
        tried.count(inputClass);
    }

    static String type(JsonNode frame) {
        return frame.path("type").asString("");
    }
}
