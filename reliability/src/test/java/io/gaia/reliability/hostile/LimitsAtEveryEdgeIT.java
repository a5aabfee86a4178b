package io.gaia.reliability.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.reliability.client.SlowReader;
import io.gaia.reliability.fault.FaultScenarios;
import io.gaia.reliability.fault.ServiceProbe;
import io.gaia.reliability.fuzz.Codes;
import io.gaia.reliability.stack.DrillStack;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.TestSocket;
import io.gaia.testsupport.stack.GaiaStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, "limits at every edge": one test per class of defect (items 1-12), each showing the bad
 * behaviour is gone and the documented error is in place, against the real services as processes
 * (nats-server, kb-service, chat-service, session-service). Like {@link HostileInputIT}, after each
 * class a bystander ("victim") must still be served and no service may have died. Inputs are counted
 * per class (target/reliability-figures/limits-at-every-edge.md); the results of the classes with
 * figures in docs/reliability.md (half-open connections, request ids, tokens, leaks) go to
 * target/reliability-figures/edge-limits.md. The classes that broke a whole experience before issue
 * 12 was fixed run last (the deep edit on Wylding Woods, then long ids on the generated {@code drill}
 * experience and a kb-service restart that must load both), so one defect does not hide the others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LimitsAtEveryEdgeIT {

    static final String WOODS = "wylding-woods";
    static final String DRILL = io.gaia.reliability.stack.DrillExperience.ID;
    /** The request-head deadline this stack runs with (gaia.http.request-head-timeout; default 10 s). */
    static final Duration HEAD_TIMEOUT = Duration.ofSeconds(3);
    static final TestTokens tokens = TestTokens.development();
    static final byte[] SECRET = TestTokens.DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8);
    static final GaiaJson JSON = GaiaJson.withMaxBytes(8 * 1024 * 1024);
    /** Ids within the documented 512 UTF-8 bytes: every one must work, across a restart too. */
    static final String ASCII_300 = "long." + "a".repeat(295);
    static final String CYRILLIC_120 = "пользователь".repeat(10);
    static final List<String> LONG_IDS = List.of("l".repeat(247), "l".repeat(256), ASCII_300, CYRILLIC_120,
            "я".repeat(60) + "@пример.рф", "é".repeat(200));
    /** Request ids outside the rule (at most 128 characters, no control characters, ASCII). */
    static final List<String> BAD_REQUEST_IDS = List.of("x".repeat(60_000), "ok\r\nFORGED-LOG-LINE ERROR admin logged in",
            "a\nb", "tab\there", "ünïcödé", "r".repeat(129));
    /** An {@code @edit} value is 1 to 2,000 characters; longer ones are refused for their length first. */
    static final int EDIT_VALUE_MAX_CHARS = 2000;
    /** An action (an admin line included) is at most 512 characters. */
    static final int ACTION_MAX_CHARS = 512;
    static final InputCounts tried = new InputCounts();
    /** Results per class for edge-limits.md (cited in docs/reliability.md). */
    static final Map<String, String> figures = new TreeMap<>();
    static GaiaStack stack;
    static TestSocket victim;

    @BeforeAll
    static void start() throws Exception {
        stack = DrillStack.start(2, Map.of(), Map.of("gaia.http.request-head-timeout", HEAD_TIMEOUT.toSeconds() + "s"), true);
        victim = join("victim");
        assertThat(victim.act("go", Map.of("destination", "main_room")).path("success").asBoolean()).isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        InputCounts.write("limits-at-every-edge.md", tried.table("issue 12 class"));
        StringBuilder edges = new StringBuilder("| class | result |\n|---|---|\n");
        figures.forEach((k, v) -> edges.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        InputCounts.write("edge-limits.md", edges);
        if (victim != null) {
            victim.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void everyServiceIsUpAndTheBystanderIsServed() throws Exception {
        for (ServiceProcess service : List.of(stack.kb(), stack.chat(), stack.session())) {
            assertThat(service.isAlive()).as(service.logFile().toString()).isTrue();
            assertThat(get(service.url() + "/actuator/health", null).statusCode()).isEqualTo(200);
        }
        long start = System.nanoTime();
        assertThat(victim.exchange("{\"type\":\"get_commands\"}")).anyMatch(f -> "commands_schema".equals(type(f)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(victim.isClosed()).isFalse();
    }

    // 1 ---------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void socketsThatNeverReadCostBoundedMemoryAndAreClosedWith4429WhenTheyPassTheBound() throws Exception {
        long heapBefore = ServiceProbe.heapAfterGc(stack.session());
        double slowClosesBefore = ServiceProbe.meter(stack.session(), "gaia_session_closes_total", "slow_consumer");
        List<SlowReader> sloths = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                count("1 slow readers (19 update_location/s, never reading)");
                // 19 frames a second, under the 20/s rate limit: each answered with the whole area of interest
                sloths.add(new SlowReader("127.0.0.1", stack.session().port(), WOODS, "sloth-" + i, 1000 / 19));
            }
            long until = System.currentTimeMillis() + 20_000;
            while (sloths.stream().anyMatch(s -> !s.closedByServer()) && System.currentTimeMillis() < until) {
                Thread.sleep(200);
                // meanwhile the bystander keeps its latency
                long ping = System.nanoTime();
                victim.exchange("{\"type\":\"get_commands\"}");
                assertThat(Duration.ofNanos(System.nanoTime() - ping)).isLessThan(Duration.ofSeconds(2));
            }
            // before issue 12 the heap went to 470 of 512 MB within 40 s; now the buffer is bounded by bytes
            long heap = ServiceProbe.heapAfterGc(stack.session());
            assertThat(heap).as("session heap after GC with 3 slow readers for 20 s (before: %d MB)", heapBefore >> 20).isPositive()
                    .isLessThan(FaultScenarios.HEAP_BOUND);
            // The server closes them as slow consumers (stall bound: a ping unanswered for 10 s). A client that
            // keeps writing after that close gets a TCP reset, which discards the close frame still unread in its
            // buffer: it then finds no code (-1). Any code it does find must be 4429; the server's count says why.
            int closed = 0;
            for (SlowReader sloth : sloths) {
                if (sloth.closedByServer()) {
                    closed++;
                    assertThat(sloth.drainForCloseCode(1000)).isIn(io.gaia.events.socket.CloseCodes.SLOW_CONSUMER, -1);
                }
            }
            assertThat(ServiceProbe.meter(stack.session(), "gaia_session_closes_total", "slow_consumer") - slowClosesBefore)
                    .as("sockets the server closed as slow consumers").isGreaterThanOrEqualTo(closed);
        } finally {
            for (SlowReader sloth : sloths) {
                sloth.close();
            }
        }
    }

    // 2 ---------------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void aUserBeyondTheSocketCapIsRefusedWith4409AndKeepsTheSocketsItHas() throws Exception {
        List<TestSocket> sockets = new ArrayList<>();
        try {
            int refusedAt = -1;
            for (int i = 0; i < 50 && refusedAt < 0; i++) {
                count("2 sockets of one user");
                TestSocket socket = Sockets.open(socketUrl(tokens.player("greedy")));
                sockets.add(socket);
                JsonNode first = socket.firstOrClose(Duration.ofSeconds(10));
                if (first == null || !"connected".equals(type(first))) {
                    refusedAt = i;
                    assertThat(socket.awaitClose(Duration.ofSeconds(5))).isEqualTo(io.gaia.events.socket.CloseCodes.TOO_MANY_SOCKETS);
                    if (first != null) {
                        assertThat(first.path("code").asString()).isEqualTo(ErrorCodes.TOO_MANY_SOCKETS);
                    }
                }
            }
            assertThat(refusedAt).as("a socket beyond the per-user cap was refused").isPositive();
            assertThat(sockets.subList(0, refusedAt)).as("the sockets within the cap stay open").noneMatch(TestSocket::isClosed);
            assertThat(sockets.get(0).exchange("{\"type\":\"get_commands\"}")).anyMatch(f -> "commands_schema".equals(type(f)));
        } finally {
            sockets.forEach(TestSocket::close);
        }
    }

    // 4 ---------------------------------------------------------------------------------------------

    @Test
    @Order(90)
    void anEditDeeperThanEveryReaderAcceptsIsRefusedAndTheExperienceStaysJoinable() throws Exception {
        try (TestSocket admin = Sockets.open(socketUrl(tokens.admin("deep-admin")))) {
            admin.next("area_of_interest");
            for (int depth : new int[] {GaiaJson.MAX_VALUE_DEPTH + 1, 54, 63, 100, 1000}) {
                // the params form carries the JSON as it is; the line form with arrays (no quotes, no spaces) too
                count("4 deep @edit values");
                JsonNode params = admin.act("@edit", Map.of("params",
                        Map.of("instance_id", "bottle_joy", "field", "state.deep", "value", nested(depth))));
                assertRefusedAsTooDeep(params, nested(depth).length() <= EDIT_VALUE_MAX_CHARS);
                count("4 deep @edit values");
                String line = "@edit bottle_joy state.deep " + "[".repeat(depth) + "]".repeat(depth);
                assertRefusedAsTooDeep(admin.act(line, Map.of()), line.length() <= ACTION_MAX_CHARS);
            }
            // exactly the limit is accepted, and must stay readable: here, and after the restart of class 3
            count("4 deep @edit values");
            JsonNode atTheLimit = admin.act("@edit", Map.of("params", Map.of("instance_id", "bottle_joy", "field", "state.deep",
                    "value", nested(GaiaJson.MAX_VALUE_DEPTH))));
            assertThat(atTheLimit.path("success").asBoolean()).as(atTheLimit.toString()).isTrue();
        }
        assertWoodsJoinableWithTheEditedItem("newcomer-after-deep-edit");
        HttpResponse<String> chat = chat(tokens.player("chatter-after-deep-edit"), "hello Louisa", null, WOODS);
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        assertThat(chat.body()).doesNotContain(ErrorCodes.INTERNAL_ERROR);
    }

    // 3 ---------------------------------------------------------------------------------------------

    @Test
    @Order(91)
    void longAndNonAsciiUserIdsNeverStopTheExperienceSavingAndLoading() throws Exception {
        for (String id : LONG_IDS) {
            count("3 long user ids");
            HttpResponse<String> answer = postAction(DRILL, tokens.player(id), "collect_item", Map.of("instance_id", "relic_0"), null);
            assertThat(answer.statusCode()).as(id.length() + " chars: " + answer.body()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).path("success").asBoolean()).as(answer.body()).isTrue();
            HttpResponse<String> drop = postAction(DRILL, tokens.player(id), "drop_item", Map.of("instance_id", "relic_0"), null);
            assertThat(drop.statusCode()).as(drop.body()).isEqualTo(200);
        }
        // over the socket too (session-service, its per-user NATS subjects), keeping what they collect
        try (TestSocket ascii = join(DRILL, ASCII_300); TestSocket cyrillic = join(DRILL, CYRILLIC_120)) {
            assertThat(ascii.act("collect_item", Map.of("instance_id", "relic_2")).path("success").asBoolean()).isTrue();
            assertThat(cyrillic.act("collect_item", Map.of("instance_id", "relic_3")).path("success").asBoolean()).isTrue();
        }
        // the experiences keep saving and load again: restart kb-service and play on, long ids included
        Thread.sleep(2000); // a few background folds (every 500 ms) with those players and the edited item in the state
        stack.kb().stop();
        stack.kb().start();
        HttpResponse<String> play = postAction(DRILL, tokens.player("drill-after-restart"), "collect_item", Map.of("instance_id", "relic_1"), null);
        assertThat(play.statusCode()).as("the experience plays after a restart: " + play.body()).isEqualTo(200);
        assertThat(JSON.readTree(play.body()).path("success").asBoolean()).as(play.body()).isTrue();
        for (String id : LONG_IDS) {
            HttpResponse<String> again = postAction(DRILL, tokens.player(id), "inventory", Map.of(), null);
            assertThat(again.statusCode()).as(id.length() + " chars after the restart: " + again.body()).isEqualTo(200);
        }
        try (TestSocket ascii = Sockets.open(socketUrl(DRILL, tokens.player(ASCII_300)));
             TestSocket cyrillic = Sockets.open(socketUrl(DRILL, tokens.player(CYRILLIC_120)))) {
            assertThat(inventory(ascii.next("area_of_interest"))).containsExactly("relic_2");
            assertThat(inventory(cyrillic.next("area_of_interest"))).containsExactly("relic_3");
        }
        // the id is kept inside the file, whatever its (bounded) name
        HttpResponse<String> player = get(stack.kb().url() + "/admin/experiences/" + DRILL + "/players/"
                + URLEncoder.encode(CYRILLIC_120, StandardCharsets.UTF_8), tokens.admin("auditor"));
        assertThat(player.statusCode()).as(player.body()).isEqualTo(200);
        assertThat(JSON.readTree(player.body()).path("player").path("user_id").asString()).isEqualTo(CYRILLIC_120);
        // the edit at the depth limit (class 4) was readable at load time
        assertWoodsJoinableWithTheEditedItem("newcomer-after-restart");
        for (String experience : List.of(DRILL, WOODS)) {
            try (var files = Files.walk(stack.stateDir().resolve(experience))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .allMatch(name -> name.getBytes(StandardCharsets.UTF_8).length <= 255);
            }
        }
    }

    // 5 ---------------------------------------------------------------------------------------------

    @Test
    @Order(5)
    void twoUsersCreatingOneConversationIdAtOnceNeverShareAHistory() throws Exception {
        for (int round = 0; round < 8; round++) {
            count("5 concurrent creation of one conversation id");
            String id = "race-" + UUID.randomUUID().toString().substring(0, 8);
            String[] users = {"racer-a", "racer-b"};
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (String user : users) {
                answers.add(chatAsync(tokens.player(user), "marker-" + user + "-" + round + " hello", id));
            }
            int created = 0;
            for (int i = 0; i < users.length; i++) {
                HttpResponse<String> answer = answers.get(i).join();
                if (answer.statusCode() == 200) {
                    String ownId = JSON.readTree(answer.body()).path("conversation_id").asString(id);
                    created += ownId.equals(id) ? 1 : 0;
                    String other = users[1 - i];
                    HttpResponse<String> history = get(stack.chat().url() + "/conversations/" + ownId, tokens.player(users[i]));
                    assertThat(history.statusCode()).as("round " + round + ": " + users[i] + " was answered 200 for conversation "
                            + ownId + " but cannot read it (its turn went into another user's history)").isEqualTo(200);
                    assertThat(history.body()).as("round " + round + ": " + users[i] + "'s history")
                            .contains("marker-" + users[i]).doesNotContain("marker-" + other);
                    assertThat(get(stack.chat().url() + "/conversations/" + ownId, tokens.player(other)).statusCode())
                            .isEqualTo(404);
                } else {
                    // the loser: 409 conflict if it raced the creation, 404 if the winner's conversation already existed
                    assertThat(answer.statusCode()).as(answer.body()).isIn(404, 409);
                    assertThat(codeOf(answer.body())).isIn(ErrorCodes.CONFLICT, ErrorCodes.NOT_FOUND);
                }
            }
            assertThat(created).as("round " + round + ": users that got the id itself").isLessThanOrEqualTo(1);
        }
    }

    // 6 ---------------------------------------------------------------------------------------------

    @Test
    @Order(6)
    void requestIdsOutsideTheRuleAreRefusedWhereverTheyEnterAndNeverEchoed() throws Exception {
        int refused = 0;
        for (String id : BAD_REQUEST_IDS) {
            count("6 request ids (HTTP body)");
            HttpResponse<String> body = postAction(tokens.player("request-id-sender"), "go", Map.of("destination", "main_room"), id);
            assertError(body, 400, ErrorCodes.INVALID_FIELD);
            assertThat(body.body()).doesNotContain("FORGED-LOG-LINE");
            refused++;
        }
        try (TestSocket sender = join("request-id-frames")) {
            for (String id : BAD_REQUEST_IDS) {
                count("6 request ids (socket frames)");
                List<JsonNode> answers = sender.exchange(TestSocket.json(Map.of("type", "action", "action", "inventory", "request_id", id)));
                assertThat(answers).as(id.substring(0, Math.min(5, id.length()))).anyMatch(answer -> "error".equals(type(answer))
                        && ErrorCodes.INVALID_FIELD.equals(answer.path("code").asString()));
                assertThat(answers).allSatisfy(answer -> {
                    assertThat(answer.path("request_id").asString("")).doesNotContain("\n", "\r").hasSizeLessThanOrEqualTo(128);
                    assertThat(answer.toString()).doesNotContain("FORGED-LOG-LINE");
                });
                refused++;
                Thread.sleep(60);
            }
            assertThat(sender.isClosed()).isFalse();
        }
        Thread.sleep(500);
        for (ServiceProcess service : List.of(stack.kb(), stack.session())) {
            assertThat(Files.readAllLines(service.logFile())).as(service.logFile() + " has no forged line")
                    .noneMatch(line -> line.startsWith("FORGED-LOG-LINE"));
        }
        assertThat(victim.received()).filteredOn(f -> "world_update".equals(type(f)))
                .allSatisfy(update -> assertThat(update.at("/metadata/request_id").asString("")).hasSizeLessThanOrEqualTo(128));
        figures.put("request ids outside the rule (60,000 chars, CR/LF, LF, tab, non-ASCII, 129 chars)",
                refused + " of " + (2 * BAD_REQUEST_IDS.size()) + " refused with invalid_field (HTTP and socket), never echoed");
    }

    // 7 ---------------------------------------------------------------------------------------------

    @Test
    @Order(7)
    void tokensWithoutExpiryOrWithAnEndlessLifetimeAreRefusedEverywhere() throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("no exp", Jwts2.hs256(SECRET, "{" + Jwts2.user("immortal") + ",\"aud\":\"authenticated\",\"iat\":" + (now - 60) + "}"));
        bad.put("no exp, no iat", Jwts2.hs256(SECRET, "{" + Jwts2.user("immortal") + ",\"aud\":\"authenticated\"}"));
        bad.put("exp in ten years", Jwts2.hs256(SECRET, "{" + Jwts2.user("immortal") + ",\"aud\":\"authenticated\",\"iat\":"
                + (now - 60) + ",\"exp\":" + (now + 10L * 365 * 24 * 3600) + "}"));
        bad.put("no exp, admin", Jwts2.hs256(SECRET, "{" + Jwts2.user("eternal") + ",\"aud\":\"authenticated\",\"gaia_roles\":[\"admin\"]}"));
        // just over the maximum lifetime (gaia.jwt.max-lifetime, 24 h), measured from iat or, without one, from now
        bad.put("exp - iat = 48 h", Jwts2.hs256(SECRET, "{" + Jwts2.user("patient") + ",\"aud\":\"authenticated\",\"iat\":" + now
                + ",\"exp\":" + (now + 48 * 3600) + "}"));
        bad.put("no iat, exp in 30 days", Jwts2.hs256(SECRET, "{" + Jwts2.user("patient") + ",\"aud\":\"authenticated\",\"exp\":"
                + (now + 30 * 86400) + "}"));
        int refused = 0;
        for (Map.Entry<String, String> token : bad.entrySet()) {
            count("7 tokens without exp / endless");
            TestSocket socket = Sockets.tryOpen(socketUrl(token.getValue()));
            if (socket != null) {
                assertThat(socket.awaitClose(Duration.ofSeconds(10))).as(token.getKey()).isEqualTo(1008);
                assertThat(socket.received()).noneMatch(f -> "connected".equals(type(f)));
            }
            assertError(get(stack.kb().url() + "/experiences/" + WOODS + "/area-of-interest", token.getValue()), 401,
                    ErrorCodes.UNAUTHORIZED);
            assertThat(chat(token.getValue(), "hello", null, WOODS).statusCode()).as("chat-service, " + token.getKey()).isEqualTo(401);
            List<JsonNode> refresh = victim.exchange(TestSocket.json(Map.of("type", "refresh_token", "token", token.getValue())));
            assertThat(refresh).noneMatch(f -> "token_refreshed".equals(type(f)));
            refused += 3;
        }
        figures.put("tokens without exp or beyond gaia.jwt.max-lifetime (24 h)", refused + " of " + (3 * bad.size())
                + " refused (kb and chat HTTP 401 unauthorized, socket close 1008), none refreshed");
        List<JsonNode> refreshed = victim.exchange(TestSocket.json(Map.of("type", "refresh_token", "token", tokens.player("victim"))));
        assertThat(refreshed).filteredOn(f -> "token_refreshed".equals(type(f)))
                .allSatisfy(f -> assertThat(f.path("expires_at").asLong()).isPositive());
    }

    // 8 ---------------------------------------------------------------------------------------------

    @Test
    @Order(8)
    void halfOpenRequestHeadsAreTimedOutByEveryService() throws Exception {
        for (ServiceProcess service : List.of(stack.kb(), stack.chat(), stack.session())) {
            count("8 half-open HTTP request heads");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", service.port()), 2000);
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write("GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                long start = System.currentTimeMillis();
                boolean closed = false;
                for (int line = 0; !closed && System.currentTimeMillis() - start < HEAD_TIMEOUT.toMillis() * 4; line++) {
                    try {
                        out.write(("X-Trickle-" + line + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        in.read(); // the end of the stream, or any answer (e.g. 408 before the close): the head was ended
                        closed = true;
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        // nothing yet: keep trickling
                    } catch (java.io.IOException reset) {
                        closed = true;
                    }
                }
                assertThat(closed).as(service.logFile() + ": a trickled request head still open after " + HEAD_TIMEOUT.multipliedBy(4))
                        .isTrue();
            }
        }
    }

    @Test
    @Order(8)
    void hundredsOfHalfOpenConnectionsAreAllClosedAtTheDeadlineWhileAPlayerIsServed() throws Exception {
        int count = 400;
        List<Socket> sockets = new ArrayList<>();
        try {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                count("8 half-open HTTP request heads");
                Socket socket = new Socket("127.0.0.1", stack.session().port());
                socket.getOutputStream().write("GET /actuator/health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                sockets.add(socket);
            }
            int open = count;
            long lastOpenMillis = 0;
            // one more header line per socket every 500 ms: a read-idle timer would never fire
            for (int round = 0; round < 20 && open > 0; round++) {
                Thread.sleep(500);
                open = 0;
                for (Socket socket : sockets) {
                    open += stillOpen(socket, "X-Trickle-" + round + ": 1\r\n") ? 1 : 0;
                }
                if (open > 0) {
                    lastOpenMillis = (System.nanoTime() - start) / 1_000_000;
                }
                // a player on a real socket is served all along
                assertThat(victim.exchange("{\"type\":\"get_commands\"}")).anyMatch(f -> "commands_schema".equals(type(f)));
            }
            assertThat(open).as("half-open connections still open").isZero();
            assertThat(lastOpenMillis).isLessThan(HEAD_TIMEOUT.toMillis() + 2_500);
            figures.put("half-open HTTP connections (trickled header lines, session-service, head timeout "
                    + HEAD_TIMEOUT.toSeconds() + " s)", count + " opened, " + count + " closed by the server within "
                    + (lastOpenMillis + 500) + " ms; a player was served throughout");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    // 9 ---------------------------------------------------------------------------------------------

    @Test
    @Order(9)
    void closeReasonsFitTheProtocolSoTheClientSeesTheRealCode() throws Exception {
        String good = Jwts2.claims(Jwts2.user("mallory"), "authenticated", -60, 3600);
        for (String alg : List.of("HS256" + "é".repeat(100), "☃".repeat(80), "x".repeat(400))) {
            count("9 close reasons over 125 bytes");
            String token = Jwts2.hmac("HS256", SECRET, "{\"alg\":" + Jwts2.quote(alg) + "}", good);
            TestSocket socket = Sockets.tryOpen(socketUrl(URLEncoder.encode(token, StandardCharsets.UTF_8)));
            assertThat(socket).as("handshake accepted, then closed").isNotNull();
            assertThat(socket.awaitClose(Duration.ofSeconds(10))).as(alg.substring(0, 5)).isEqualTo(1008);
        }
    }

    // 10 --------------------------------------------------------------------------------------------

    @Test
    @Order(10)
    void overlongIdsAndMalformedExperienceIdsGetDocumented4xxNot500() throws Exception {
        String admin = tokens.admin("edge-admin");
        count("10 over-long ids and malformed experience ids");
        // 257 characters is a legal id (up to 512 UTF-8 bytes) that never played
        HttpResponse<String> player = get(stack.kb().url() + "/admin/experiences/" + WOODS + "/players/" + "p".repeat(257), admin);
        assertError(player, 404, ErrorCodes.NOT_FOUND);
        try (TestSocket adminSocket = Sockets.open(socketUrl(admin))) {
            adminSocket.next("area_of_interest");
            for (String line : List.of("@where " + "w".repeat(300), "@reset player " + "p".repeat(300),
                    "@reset player " + "p".repeat(300) + " CONFIRM")) {
                count("10 over-long ids and malformed experience ids");
                JsonNode answer = adminSocket.act(line, Map.of());
                assertThat(answer.path("success").asBoolean()).isFalse();
                assertThat(answer.path("code").asString()).as(line.substring(0, 15)).isIn(Codes.DOCUMENTED)
                        .isNotEqualTo(ErrorCodes.INTERNAL_ERROR);
            }
        }
        for (String experience : List.of("Wylding-Woods", "WYLDING-WOODS", "wylding woods", "wylding_woods!")) {
            count("10 over-long ids and malformed experience ids");
            TestSocket socket = Sockets.tryOpen(stack.socketUrl().build() + "?experience=" + URLEncoder.encode(experience, StandardCharsets.UTF_8)
                    + "&token=" + tokens.player("case-tester"));
            if (socket != null) {
                assertThat(socket.awaitClose(Duration.ofSeconds(10))).as(experience).isEqualTo(4404);
            }
        }
    }

    // 11 --------------------------------------------------------------------------------------------

    @Test
    @Order(11)
    void theErrorContractIsTheSameOnEveryPath() throws Exception {
        String token = tokens.player("contract-tester");
        count("11 error contract");
        assertError(post(stack.kb().url() + "/experiences/" + WOODS + "/location", token, "{\"lng\":1}"), 400, ErrorCodes.MISSING_FIELD);
        count("11 error contract");
        assertError(post(stack.chat().url() + "/chat/unified", token, "{\"experience\":\"" + WOODS + "\"}"), 400, ErrorCodes.MISSING_FIELD);
        count("11 error contract");
        assertError(post(stack.kb().url() + "/actions", token, ""), 400, ErrorCodes.INVALID_JSON);
        count("11 error contract");
        assertError(post(stack.chat().url() + "/chat/unified", token, ""), 400, ErrorCodes.INVALID_JSON);
        count("11 error contract");
        assertError(post(stack.kb().url() + "/actions", token, "{\"experience\":\"" + WOODS + "\",\"action\":5,\"params\":{}}"),
                400, ErrorCodes.INVALID_FIELD);
        try (TestSocket socket = join("contract-socket")) {
            count("11 error contract");
            assertThat(socket.exchange("{\"type\":\"action\",\"action\":5}"))
                    .anyMatch(f -> "error".equals(type(f)) && ErrorCodes.INVALID_FIELD.equals(f.path("code").asString()));
            count("11 error contract");
            String conversation = "unknown-xp-" + UUID.randomUUID().toString().substring(0, 8);
            HttpResponse<String> unknown = chat(token, "hello", conversation, "no-such-experience");
            assertThat(unknown.statusCode()).as(unknown.body()).isBetween(400, 499);
            assertThat(get(stack.chat().url() + "/conversations/" + conversation, token).statusCode())
                    .as("nothing saved for an unknown experience").isEqualTo(404);
            count("11 error contract");
            HttpResponse<String> tooLong = chat(token, "x".repeat(4001), null, WOODS);
            assertThat(tooLong.statusCode()).as("a 4,001-character chat message over HTTP").isBetween(400, 499);
            List<JsonNode> overSocket = socket.exchange(TestSocket.json(Map.of("type", "chat", "text", "x".repeat(4001))));
            assertThat(overSocket).anyMatch(f -> "error".equals(type(f)) && codeOf(tooLong.body()).equals(f.path("code").asString()));
            count("11 error contract");
            assertThat(chat(token, "x".repeat(200_000), null, WOODS).statusCode()).isBetween(400, 499);
            count("11 error contract");
            HttpResponse<String> mine = chat(tokens.player("victim"), "hello Louisa", null, WOODS);
            assertThat(mine.statusCode()).isEqualTo(200);
            String victimsConversation = conversationIdOf(mine.body());
            socket.send(TestSocket.json(Map.of("type", "chat", "text", "hi", "conversation_id", victimsConversation)));
            JsonNode refused = socket.next(f -> f.has("code") && ("error".equals(type(f)) || type(f).startsWith("chat_")),
                    Duration.ofSeconds(15), "the refusal of another user's conversation");
            assertThat(refused.path("code").asString()).as(refused.toString()).isEqualTo(ErrorCodes.NOT_FOUND);
        }
    }

    // 12 --------------------------------------------------------------------------------------------

    @Test
    @Order(12)
    void noResponseNamesAJavaClassAServerPathOrAnotherUser() throws Exception {
        List<String> bodies = new ArrayList<>();
        String token = tokens.player("leak-tester");
        for (String body : List.of("{\"experience\":5,\"action\":[]}", "{\"experience\":\"" + WOODS + "\",\"action\":\"go\",\"params\":[]}",
                "{\"experience\":{},\"action\":{}}", "[]")) {
            count("12 information leaks");
            bodies.add(post(stack.kb().url() + "/actions", token, body).body());
            bodies.add(post(stack.chat().url() + "/chat/unified", token, body.replace("experience", "message")).body());
        }
        // wrong types where the request names them are refused, and explained without class names
        for (String body : List.of("{\"experience\":5,\"action\":\"x\"}", "{\"experience\":\"" + WOODS + "\",\"action\":{\"a\":1}}",
                "{\"experience\":[],\"action\":\"x\"}", "[1,2]")) {
            count("12 information leaks");
            HttpResponse<String> answer = post(stack.kb().url() + "/actions", token, body);
            assertThat(answer.statusCode()).as(body).isBetween(400, 499);
            bodies.add(answer.body());
        }
        try (TestSocket socket = join("leak-socket")) {
            for (String frame : List.of("{\"type\":\"action\",\"action\":\"go\",\"destination\":{\"a\":1}}",
                    "{\"type\":\"update_location\",\"lat\":[1],\"lng\":{}}", "{\"type\":\"chat\",\"text\":{\"a\":1}}")) {
                count("12 information leaks");
                socket.exchange(frame).forEach(answer -> bodies.add(answer.toString()));
            }
        }
        for (ServiceProcess service : List.of(stack.kb(), stack.chat(), stack.session())) {
            count("12 information leaks");
            HttpResponse<String> health = get(service.url() + "/actuator/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            // status only: no components, no details (Spring's list of group names may stay)
            assertThat(JSON.readTree(health.body()).propertyNames()).as("public health: " + health.body())
                    .contains("status").isSubsetOf("status", "groups");
            assertThat(health.body()).doesNotContain("components", "/", "experiences", "sessions", "nats");
            bodies.add(health.body());
            for (String path : List.of("/actuator/metrics", "/actuator/prometheus", "/actuator/env", "/actuator/configprops",
                    "/actuator/health/details", "/actuator/health/experiences", "/actuator")) {
                count("12 information leaks");
                HttpResponse<String> anonymous = get(service.url() + path, null);
                assertThat(anonymous.statusCode()).as(service.logFile() + " " + path).isEqualTo(401);
                HttpResponse<String> player = get(service.url() + path, token);
                assertThat(player.statusCode()).as(service.logFile() + " " + path + " with a player's token").isEqualTo(403);
                bodies.add(anonymous.body());
                bodies.add(player.body());
            }
            assertThat(get(service.url() + "/actuator/health/details", tokens.admin("ops")).statusCode()).isEqualTo(200);
        }
        String root = stack.stateDir().getParent().toString();
        assertThat(bodies).allSatisfy(body -> assertThat(body)
                .doesNotContain("io.gaia.", "tools.jackson", "java.", "CoercionConfig", "Exception", root, "/tmp/", "/home/", "victim"));
        figures.put("information leaks (public health, private actuator paths, error bodies and frames)", bodies.size()
                + " responses; 0 leaks (status-only health, 401 / 403 on every private path, no class names, paths or other users)");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    static String socketUrl(String token) {
        return socketUrl(WOODS, token);
    }

    static String socketUrl(String experience, String token) {
        return stack.socketUrl().build() + "?experience=" + experience + "&token=" + token;
    }

    static TestSocket join(String user) {
        return join(WOODS, user);
    }

    static TestSocket join(String experience, String user) {
        TestSocket ws = Sockets.open(socketUrl(experience, tokens.player(user)));
        ws.next("area_of_interest");
        return ws;
    }

    /** A new player on Wylding Woods gets its area of interest, and the deep-edited item reads fine. */
    static void assertWoodsJoinableWithTheEditedItem(String user) {
        try (TestSocket newcomer = join(user)) {
            assertThat(newcomer.received()).anyMatch(f -> "area_of_interest".equals(type(f)));
            assertThat(newcomer.act("examine", Map.of("instance_id", "bottle_joy")).path("code").asString())
                    .isNotEqualTo(ErrorCodes.INTERNAL_ERROR);
        }
    }

    /** The instance ids in an area of interest's player inventory. */
    static List<String> inventory(JsonNode area) {
        List<String> ids = new ArrayList<>();
        area.path("player").path("inventory").forEach(item -> ids.add(item.path("instance_id").asString()));
        return ids;
    }

    static HttpResponse<String> postAction(String token, String action, Map<String, ?> params, String requestId) throws Exception {
        return postAction(WOODS, token, action, params, requestId);
    }

    static HttpResponse<String> postAction(String experience, String token, String action, Map<String, ?> params, String requestId)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experience", experience);
        body.put("action", action);
        body.put("params", params);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        return post(stack.kb().url() + "/actions", token, TestSocket.json(body));
    }

    static HttpResponse<String> chat(String token, String message, String conversationId, String experience) throws Exception {
        return chatAsync(token, message, conversationId, experience).join();
    }

    static CompletableFuture<HttpResponse<String>> chatAsync(String token, String message, String conversationId) {
        return chatAsync(token, message, conversationId, WOODS);
    }

    static CompletableFuture<HttpResponse<String>> chatAsync(String token, String message, String conversationId, String experience) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("experience", experience);
        body.put("stream", false);
        if (conversationId != null) {
            body.put("conversation_id", conversationId);
        }
        return Http.postAsync(stack.chat().url() + "/chat/unified", token, TestSocket.json(body), Duration.ofSeconds(30));
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        return Http.get(url, token);
    }

    static HttpResponse<String> post(String url, String token, String body) throws Exception {
        return Http.post(url, token, body);
    }

    /** Writes {@code line} and peeks: false once the server has closed (or reset) the connection. */
    static boolean stillOpen(Socket socket, String line) {
        try {
            if (socket.isClosed()) {
                return false;
            }
            OutputStream out = socket.getOutputStream();
            out.write(line.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(1);
            if (socket.getInputStream().read() < 0) {
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

    /** Refused with invalid_field; when {@code withinLengthLimits}, because of its depth. */
    static void assertRefusedAsTooDeep(JsonNode answer, boolean withinLengthLimits) {
        assertThat(answer.path("success").asBoolean()).as(answer.toString()).isFalse();
        assertThat(answer.path("code").asString()).as(answer.toString()).isEqualTo(ErrorCodes.INVALID_FIELD);
        if (withinLengthLimits) {
            assertThat(answer.path("message").asString()).contains("nested deeper than " + GaiaJson.MAX_VALUE_DEPTH);
        }
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(codeOf(response.body())).as(response.body()).isEqualTo(code);
    }

    static String codeOf(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.path("code").asString(node.path("error").path("code").asString(""));
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    static String conversationIdOf(String body) {
        return JSON.readTree(body).path("conversation_id").asString();
    }

    static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{\"a\":1}" + "}".repeat(depth - 1);
    }

    static void count(String inputClass) {
        tried.count(inputClass);
    }

    static String type(JsonNode frame) {
        return frame.path("type").asString("");
    }
}
