package io.gaia.e2e.contract;

import static io.gaia.testsupport.socket.TestSocket.answerTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.e2e.stack.GaiaStackExtension;
import io.gaia.e2e.traffic.KbTap;
import io.gaia.e2e.traffic.NatsTap;
import io.gaia.events.Subjects;
import io.gaia.events.kb.KbOperation;
import io.gaia.e2e.traffic.SseTurn;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.TestSocket;
import io.gaia.testsupport.stack.GaiaStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/asyncapi.yaml against real traffic: a session over the real stack exercises every frame
 * type, and every WebSocket frame, NATS message and chat SSE event seen must match the schema its
 * type selects in the document, and so must every request to kb-service over NATS and its answer.
 * A message shape nobody documented fails here.
 */
@ExtendWith(GaiaStackExtension.class)
class AsyncApiMatchesRealTrafficIT {

    private static final String[] BOTTLES = {"bottle_joy", "bottle_mystery", "bottle_energy", "bottle_nature"};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static AsyncApiDocument doc;
    private static final List<TestSocket> sockets = new ArrayList<>();
    private static List<NatsTap.Message> natsMessages;
    private static List<KbTap.Exchange> kbExchanges;
    private static final String SCHEMAS = "/components/schemas/";
    /** The request body each operation documents (none for the others). */
    private static final Map<KbOperation, String> KB_REQUESTS = Map.of(KbOperation.ACTION, "ActionRequest",
            KbOperation.LOCATION, "KbLocationRequest", KbOperation.INTERACT, "KbInteractRequest");
    /** The answer each operation documents (ErrorBody when the status is not 2xx, except a refused action). */
    private static final Map<KbOperation, String> KB_ANSWERS = Map.of(KbOperation.ACTION, "KbActionResponse",
            KbOperation.INTERACT, "KbActionResponse", KbOperation.AREA_OF_INTEREST, "KbAreaOfInterest",
            KbOperation.LOCATION, "KbAreaOfInterest", KbOperation.COMMANDS, "KbCommandsSchema",
            KbOperation.NPCS, "KbNpcs", KbOperation.WAYPOINTS, "KbWaypoints", KbOperation.INFO, "KbExperienceInfo");
    private static final List<JsonNode> sseEvents = new ArrayList<>();

    /** Plays one session that produces every documented message, recording all of it. */
    @BeforeAll
    static void playASession(GaiaStack stack) throws Exception {
        doc = AsyncApiDocument.load();
        stack.reset(GaiaStackExtension.WOODS);
        try (NatsTap nats = NatsTap.listen(stack.natsUrl()); KbTap kb = KbTap.listen(stack.natsUrl())) {
            TestSocket alice = open(stack.socketUrl(GaiaStackExtension.WOODS, "alice-contract"));
            TestSocket bob = open(stack.socketUrl(GaiaStackExtension.WOODS, "bob-contract"));
            TestSocket legacy = open(stack.socketUrl(GaiaStackExtension.WOODS, "carol-contract") + "&delta_format=v0.3");
            // expires in 65 s; the server warns 60 s ahead
            TestSocket expiring = open(stack.session().url().replaceFirst("^http", "ws")
                    + "/ws/experience?experience=" + GaiaStackExtension.WOODS + "&token="
                    + TestTokens.development().token("dan-contract", Duration.ofSeconds(65), b -> b));
            for (TestSocket socket : sockets) {
                socket.await("area_of_interest");
            }

            alice.send("{\"type\":\"ping\",\"timestamp\":1763771234567}");
            alice.send("{\"type\":\"get_commands\",\"request_id\":\"c-1\"}");
            alice.send("{\"type\":\"update_location\",\"lat\":37.906512,\"lng\":-122.544217,\"request_id\":\"c-2\"}");
            act(alice, "{\"type\":\"action\",\"action\":\"go\",\"destination\":\"main_room\",\"request_id\":\"c-3\"}");
            for (String bottle : BOTTLES) {
                act(alice, "{\"type\":\"action\",\"action\":\"collect_item\",\"instance_id\":\"" + bottle
                        + "\",\"request_id\":\"c-collect-" + bottle + "\"}");
            }
            act(bob, "{\"type\":\"action\",\"action\":\"collect_item\",\"instance_id\":\"bottle_joy\",\"request_id\":\"c-late\"}");
            for (String bottle : BOTTLES) {
                act(alice, "{\"type\":\"action\",\"action\":\"give_item\",\"params\":{\"instance_id\":\"" + bottle
                        + "\",\"target_npc_id\":\"louisa\"},\"request_id\":\"c-give-" + bottle + "\"}");
            }
            alice.await("quest_complete");
            alice.send("{\"type\":\"refresh_token\",\"token\":\"" + TestTokens.development().player("alice-contract") + "\"}");
            alice.await("token_refreshed");
            alice.send("{\"type\":\"chat\",\"text\":\"Louisa, what are the bottles for?\",\"request_id\":\"c-chat\"}");
            alice.await(answerTo("chat_complete", "c-chat"), "chat_complete");
            alice.send("{}");
            alice.send("{\"type\":\"dance\",\"request_id\":\"c-dance\"}");
            alice.send("not json");
            alice.await(answerTo("error", "c-dance"), "error for an unknown type");
            bob.send("{\"type\":\"resume\",\"versions\":{\"world\":1}}");
            bob.await("resumed");
            legacy.await(f -> "0.3".equals(f.path("version").asString()), "a v0.3 world_update");
            expiring.await("token_expiring");

            String erin = TestTokens.development().player("erin-contract");
            sseEvents.addAll(SseTurn.play(stack.chat().url(), erin, "Louisa, hello", Map.of()));
            sseEvents.addAll(SseTurn.play(stack.chat().url(), erin, "take the moon", Map.of()));

            Thread.sleep(300); // deltas still on their way to the tap
            natsMessages = nats.messages();
            kbExchanges = kb.exchanges();
        } finally {
            sockets.forEach(TestSocket::close);
        }
    }

    @Test
    void everyFrameTheServerSentMatchesTheDocument() {
        Map<String, String> server = doc.operationTypes("sendServerFrames");
        List<String> failures = new ArrayList<>();
        for (TestSocket socket : sockets) {
            for (JsonNode frame : socket.received()) {
                doc.validate(server, frame).forEach(e -> failures.add(frame.path("type").asString() + ": " + e + " in " + abbreviate(frame)));
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void everyServerFrameTypeTheDocumentListsWasSeen() {
        Set<String> seen = new TreeSet<>();
        sockets.forEach(socket -> socket.received().forEach(frame -> seen.add(frame.path("type").asString())));
        assertThat(seen).containsAll(doc.operationTypes("sendServerFrames").keySet());
    }

    @Test
    void everyFrameTheClientsSentMatchesTheDocument() {
        Map<String, String> client = doc.operationTypes("receiveClientFrames");
        List<String> failures = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (TestSocket socket : sockets) {
            for (JsonNode frame : socket.sent()) {
                if (frame.has("type") && client.containsKey(frame.path("type").asString())) {
                    seen.add(frame.path("type").asString());
                    doc.validate(client, frame).forEach(e -> failures.add(e + " in " + abbreviate(frame)));
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(client.keySet());
    }

    @Test
    void everyWorldUpdateOnNatsMatchesTheDocumentAndItsChannel() {
        assertThat(natsMessages).isNotEmpty();
        Map<String, String> user = doc.channelTypes("worldUpdatesUser");
        Map<String, String> zone = doc.channelTypes("worldUpdatesZone");
        List<String> failures = new ArrayList<>();
        Set<String> subjectKinds = new TreeSet<>();
        for (NatsTap.Message message : natsMessages) {
            JsonNode event = JSON.readTree(message.json());
            boolean shared = message.subject().startsWith("world.updates.zone.");
            assertThat(message.subject()).matches("world\\.updates\\.(user\\.[A-Za-z0-9_%-]+|zone\\.[A-Za-z0-9_%-]+\\.[A-Za-z0-9_%-]+)");
            subjectKinds.add(shared ? "zone" : "user");
            if (shared) {
                assertThat(event.path("zone").asString()).as("a zone subject's delta names its zone")
                        .isEqualTo(Subjects.zoneOf(message.subject()).zoneId());
            }
            doc.validate(shared ? zone : user, event).forEach(e -> failures.add(message.subject() + ": " + e));
        }
        assertThat(failures).isEmpty();
        assertThat(subjectKinds).containsExactly("user", "zone");
    }

    @Test
    void everyRequestToKbServiceOverNatsAndItsAnswerMatchTheDocument() {
        List<String> failures = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (KbTap.Exchange exchange : kbExchanges) {
            Subjects.KbRequestSubject target = Subjects.parseKbRequest(exchange.subject());
            if (target == null) {
                failures.add("a request on a subject the document does not list: " + exchange.subject());
                continue;
            }
            KbOperation operation = target.operation();
            seen.add(operation.token());
            String request = KB_REQUESTS.get(operation);
            if (request == null && exchange.request().length > 0) {
                failures.add(operation.token() + ": a request body where the document says none");
            } else if (request != null) {
                doc.validate(SCHEMAS + request, JSON.readTree(exchange.request()))
                        .forEach(e -> failures.add(operation.token() + " request: " + e));
            }
            if (exchange.status() < 0) {
                failures.add(operation.token() + ": no answer seen on " + exchange.subject());
                continue;
            }
            JsonNode answer = JSON.readTree(exchange.reply());
            boolean refusedCommand = answer.has("success") && KB_ANSWERS.get(operation).equals("KbActionResponse");
            String schema = exchange.status() / 100 == 2 || refusedCommand ? KB_ANSWERS.get(operation) : "ErrorBody";
            doc.validate(SCHEMAS + schema, answer).forEach(e -> failures.add(operation.token() + " answer ("
                    + exchange.status() + "): " + e + " in " + abbreviate(answer)));
        }
        assertThat(failures).isEmpty();
        assertThat(seen).contains("action", "area_of_interest", "location", "commands");
    }

    @Test
    void everyChatStreamEventMatchesTheDocument() {
        Map<String, String> chat = doc.channelTypes("chatStream");
        List<String> failures = new ArrayList<>();
        sseEvents.forEach(event -> doc.validate(chat, event).forEach(e -> failures.add(e + " in " + abbreviate(event))));
        assertThat(failures).isEmpty();
        Set<String> seen = new TreeSet<>();
        sseEvents.forEach(event -> seen.add(event.path("type").asString()));
        // error needs a failing narrator; everything else happens in any turn
        assertThat(seen).containsExactlyInAnyOrder("metadata", "world_update", "content", "done");
    }

    private static TestSocket open(String url) {
        TestSocket socket = TestSocket.connect(url).patience(Duration.ofSeconds(20)).open();
        sockets.add(socket);
        return socket;
    }

    private static void act(TestSocket socket, String frame) {
        socket.send(frame);
        String requestId = JSON.readTree(frame).path("request_id").asString();
        socket.await(answerTo("action_response", requestId), "action_response to " + requestId);
    }

    private static String abbreviate(JsonNode frame) {
        String text = frame.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

}
