package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.kb.interpret.HostedLanguageModel;
import io.gaia.kb.interpret.Interpreter;
import io.gaia.kb.interpret.InterpreterProperties;
import io.gaia.kb.support.Sandbox;
import io.gaia.testsupport.model.ModelWireServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prose-only command pages and unknown phrases interpreted by a language model: the real Spring AI clients
 * against a loopback server speaking the Anthropic and OpenAI wire formats, with scripted answers. Every
 * answer that breaks a rule is refused whole and nothing changes.
 */
class LanguageModelInterpretationTest {

    static final String WOODS = "wylding-woods";

    @TempDir
    Path root;
    Sandbox sandbox;
    ModelWireServer model;

    @BeforeEach
    void start() throws IOException {
        Path content = root.resolve("experiences");
        io.gaia.testsupport.stack.GaiaStack.copyExperience(Sandbox.repositoryExperiences().resolve(WOODS), content);
        io.gaia.testsupport.model.ProsePages.writeSing(content.resolve(WOODS));
        sandbox = new Sandbox(content, root.resolve("state"));
        model = new ModelWireServer();
    }

    @AfterEach
    void stop() {
        model.close();
        sandbox.close();
    }

    @Test
    void anAnthropicPatchIsAppliedWithItsDeltasAndTheModelSeesTheRulesAndTheSituation() {
        model.then(ModelWireServer.anthropicText(Duration.ZERO, "```json\n{\"success\": true, \"message\": \"Louisa hums along.\",",
                " \"effects\": [{\"set_npc_state\": {\"npc\": \"louisa\", \"state\": {\"mood\": \"delighted\"}}},",
                " {\"npc_say\": {\"npc\": \"louisa\", \"text\": \"La la la!\"}}]}\n```"));

        ActionResponse response = act(anthropic(Duration.ofSeconds(10)), "alice", "sing");

        assertThat(response.success()).as(response.message()).isTrue();
        assertThat(response.message()).isEqualTo("Louisa hums along. Louisa: \"La la la!\"");
        assertThat(response.metadata()).containsEntry("interpreted_by", "language_model");
        assertThat(CommandTestBase.changes(response, "world")).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("world.npcs.louisa");
            assertThat(CommandTestBase.map(c.fields().get("state"))).containsEntry("mood", "delighted");
        });
        assertThat(model.paths()).containsExactly("/v1/messages");
        assertThat(model.requests().get(0)).contains("Louisa hums along and her mood becomes delighted")
                .contains("woander_store/main_room/window_sill").contains("bottle_joy").contains("move_item");
    }

    @Test
    void anOpenAiCompatiblePatchIsAppliedToo() {
        model.then(ModelWireServer.openAiText(Duration.ZERO, "{\"success\": true, \"message\": \"A mushroom sprouts.\", ",
                "\"effects\": [{\"spawn_item\": {\"template\": \"glowing_mushroom\", \"to\": \"woander_store/main_room/counter\"}}]}"));

        ActionResponse response = act(openai(), "alice", "sing");

        assertThat(response.success()).as(response.message()).isTrue();
        assertThat(response.itemId()).isEqualTo("glowing_mushroom-2");
        assertThat(model.paths()).containsExactly("/v1/chat/completions");
    }

    @Test
    void aPatchTouchingWhatAnotherPlayerCarriesIsRefusedWhole() {
        sandbox.act("bob", WOODS, "collect_item", Map.of("instance_id", "bottle_joy"));
        assertRefusedWhole("{\"success\": true, \"message\": \"You take Bob's bottle.\", \"effects\": ["
                + "{\"set_global_state\": {\"sung\": true}}, {\"move_item\": {\"item\": \"bottle_joy\", \"to\": \"player\"}}]}",
                "not here any more");
        assertThat(CommandTestBase.inventory(sandbox.areaOfInterest("bob", WOODS))).hasSize(1);
    }

    @Test
    void aPatchThatInventsAPathIsRefusedWhole() {
        assertRefusedWhole("{\"success\": true, \"message\": \"x\", \"effects\": ["
                + "{\"set_global_state\": {\"sung\": true}}, {\"set_npc_state\": {\"npc\": \"dragon\", \"state\": {\"a\": 1}}}]}",
                "'dragon' is not an NPC");
        assertRefusedWhole("{\"success\": true, \"message\": \"x\", \"effects\": ["
                + "{\"move_item\": {\"item\": \"bottle_joy\", \"to\": \"narnia/x/y\"}}]}", "'narnia/x/y' is not a spot");
        assertRefusedWhole("{\"success\": true, \"message\": \"x\", \"effects\": [{\"rewrite_world\": {}}]}",
                "unknown effect 'rewrite_world'");
    }

    @Test
    void aPatchThatDuplicatesAnItemIsRefusedWhole() {
        assertRefusedWhole("{\"success\": true, \"message\": \"Two joys!\", \"effects\": ["
                + "{\"set_global_state\": {\"sung\": true}},"
                + "{\"spawn_item\": {\"template\": \"bottle_joy\", \"id\": \"bottle_joy\", \"to\": \"player\"}}]}",
                "exists only once");
    }

    @Test
    void aPatchOverTheLimitsOrOfTheWrongTypeIsRefusedWhole() {
        String many = IntStream.range(0, 40).mapToObj(i -> "{\"set_global_state\": {\"k" + i + "\": " + i + "}}")
                .collect(Collectors.joining(","));
        assertRefusedWhole("{\"success\": true, \"message\": \"x\", \"effects\": [" + many + "]}", "at most 32");
        assertRefusedWhole("{\"success\": true, \"message\": \"x\", \"effects\": [{\"set_global_state\": {\"big\": \""
                + "x".repeat(5000) + "\"}}]}", "larger than 4096 bytes");
        assertRefusedWhole("{\"success\": true, \"message\": \"x\", \"effects\": ["
                + "{\"set_global_state\": {\"dreams_restored\": \"yes\"}}]}", "dreams_restored is a boolean");
        assertRefusedWhole("Sure! Louisa hums.", "not a JSON object");
    }

    @Test
    void aModelThatDoesNotAnswerInTimeIsATimeoutAndNothingChanges() {
        model.then(ModelWireServer.anthropicText(Duration.ofMillis(600), "{\"success\": true,", " \"message\": \"late\",",
                " \"effects\": [{\"set_global_state\": {\"sung\": true}}]}"));

        ActionResponse response = act(anthropic(Duration.ofMillis(800)), "alice", "sing");

        assertThat(response.success()).isFalse();
        assertThat(response.code()).isEqualTo(ErrorCodes.TIMEOUT);
        assertThat(response.message()).contains("nothing changed");
        assertThat(globalState()).doesNotContainKey("sung");
    }

    @Test
    void aPhraseThatNamesNoCommandGoesToTheModelWhichMayPickOne() {
        model.then(ModelWireServer.anthropicText(Duration.ZERO, "{\"command\": \"knock\", \"params\": {}}"));
        ActionService actions = actions(anthropic(Duration.ofSeconds(10)));

        ActionResponse response = actions.interact(Sandbox.player("alice"), WOODS, "rap gently at the little painted door").join();

        assertThat(response.success()).as(response.message()).isTrue();
        assertThat(response.action()).isEqualTo("knock");
        assertThat(CommandTestBase.map(response.metadata().get("interpreted"))).containsEntry("by", "language_model");
        assertThat(model.requests().get(0)).contains("rap gently").contains("knock").doesNotContain("@reset");
    }

    @Test
    void whenTheModelPicksNothingTheAnswerOffersWhatTheEngineKnowsWouldWork() {
        model.then(ModelWireServer.anthropicText(Duration.ZERO, "{\"command\": null, \"message\": \"Try the shelves.\"}"));
        ActionService actions = actions(anthropic(Duration.ofSeconds(10)));

        ActionResponse response = actions.interact(Sandbox.player("alice"), WOODS, "juggle the moon").join();

        assertThat(response.success()).isFalse();
        assertThat(response.code()).isEqualTo(ErrorCodes.UNKNOWN_ACTION);
        assertThat(response.message()).contains("Try the shelves.");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> offered = (List<Map<String, Object>>) response.metadata().get("available_actions");
        assertThat(offered).extracting(a -> a.get("action")).contains("collect_item", "talk", "go", "knock")
                .doesNotContain("give_item", "wind_music_box");
    }

    // ---- helpers

    private void assertRefusedWhole(String answer, String reason) {
        Map<String, Object> before = globalState();
        model.then(ModelWireServer.anthropicText(Duration.ZERO, answer));

        ActionResponse response = act(anthropic(Duration.ofSeconds(10)), "alice", "sing");

        assertThat(response.success()).as(response.message()).isFalse();
        assertThat(response.code()).isEqualTo(ErrorCodes.PATCH_REFUSED);
        assertThat(response.message()).contains("refused whole").contains(reason);
        assertThat(response.events()).allSatisfy(e -> assertThat(e.scope().wireName()).isEqualTo("player"));
        assertThat(globalState()).isEqualTo(before);
    }

    private ActionResponse act(Interpreter interpreter, String user, String action) {
        return actions(interpreter).perform(Sandbox.player(user), new ActionRequest(WOODS, action, Map.of(), null)).join();
    }

    private ActionService actions(Interpreter interpreter) {
        CommandRegistry commands = CommandRegistry.standard();
        return new ActionService(sandbox.catalog(), sandbox.engines(), commands,
                new ActionMetrics(new SimpleMeterRegistry(), commands.names()), System::currentTimeMillis, interpreter);
    }

    private Interpreter anthropic(Duration timeout) {
        InterpreterProperties p = new InterpreterProperties("anthropic", "test-key", model.url(), "claude-test", 512,
                timeout, 0.1);
        return new Interpreter(HostedLanguageModel.of(p), GaiaJson.create(), timeout);
    }

    private Interpreter openai() {
        InterpreterProperties p = new InterpreterProperties("openai", null, model.url() + "/v1", "local-test", 512,
                Duration.ofSeconds(10), 0.1);
        return new Interpreter(HostedLanguageModel.of(p), GaiaJson.create(), Duration.ofSeconds(10));
    }

    private Map<String, Object> globalState() {
        return sandbox.actions().run(sandbox.actions().engineFor(WOODS), Sandbox.player("observer"), null,
                tx -> Map.copyOf(tx.world().globalState)).join().value();
    }
}
