package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.Operation;
import io.gaia.kb.support.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every precondition and effect of content-defined commands, on a copy of Wylding Woods whose pages each
 * test writes: real loader, real engine, real state files.
 */
class ContentRulesTest {

    static final String WOODS = "wylding-woods";

    @TempDir
    Path root;
    Path content;
    Path pages;
    Sandbox sandbox;

    @BeforeEach
    void copyTheWoods() throws IOException {
        content = root.resolve("experiences");
        pages = content.resolve(WOODS).resolve("game-logic");
        io.gaia.testsupport.stack.GaiaStack.copyExperience(Sandbox.repositoryExperiences().resolve(WOODS), content);
        sandbox = new Sandbox(content, root.resolve("state"));
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    // ---- preconditions

    @Test
    void holdsMatchesAnItemTheActorCarriesByInstanceOrTemplateId() throws IOException {
        define("show", "{\"requires\":[{\"holds\":\"bottle_joy\",\"otherwise\":\"You have no joy.\"}],"
                + "\"outcomes\":[{\"message\":\"You show the bottle.\"}]}");

        assertRefused(act("alice", "show"), ErrorCodes.PRECONDITION_FAILED, "You have no joy.");
        act("alice", "collect_item", Map.of("instance_id", "bottle_joy"));
        assertThat(ok("alice", "show").message()).isEqualTo("You show the bottle.");
        assertRefused(act("bob", "show"), ErrorCodes.PRECONDITION_FAILED, "You have no joy.");
    }

    @Test
    void itemAtHoldsOnlyWhileTheItemLiesAtThatSpot() throws IOException {
        define("admire", "{\"requires\":[{\"item_at\":{\"item\":\"bottle_joy\",\"at\":\"woander_store/main_room/window_sill\"},"
                + "\"otherwise\":\"The sill is empty.\"}],\"outcomes\":[{\"message\":\"It glows.\"}]}");

        ok("alice", "admire");
        ok("bob", "collect_item", Map.of("instance_id", "bottle_joy"));
        assertRefused(act("alice", "admire"), ErrorCodes.PRECONDITION_FAILED, "The sill is empty.");
    }

    @Test
    void stateConditionsReadItemNpcGlobalAndPlayerStateWithNotAndJsonNumbers() throws IOException {
        define("check", "{\"outcomes\":["
                + "{\"when\":[{\"item_state\":{\"item\":\"music_box\",\"key\":\"wound\",\"equals\":true}},"
                + "{\"npc_state\":{\"npc\":\"louisa\",\"key\":\"mood\",\"equals\":\"hopeful\"}},"
                + "{\"global_state\":{\"key\":\"count\",\"equals\":2}},"
                + "{\"player_state\":{\"key\":\"seen\",\"equals\":\"yes\"}},"
                + "{\"not\":{\"global_state\":{\"key\":\"dreams_restored\",\"equals\":true}}}],\"message\":\"all hold\"}],"
                + "\"otherwise\":\"not yet\"}");
        define("set", "{\"outcomes\":[{\"effects\":["
                + "{\"set_item_state\":{\"item\":\"music_box\",\"state\":{\"wound\":true}}},"
                + "{\"set_global_state\":{\"count\":2.0}},"
                + "{\"set_player_state\":{\"seen\":\"yes\"}}],\"message\":\"set\"}]}");

        assertRefused(act("alice", "check"), ErrorCodes.PRECONDITION_FAILED, "not yet");
        ok("alice", "set");
        assertThat(ok("alice", "check").message()).isEqualTo("all hold");
        // player state is the actor's own: bob has not seen it
        assertRefused(act("bob", "check"), ErrorCodes.PRECONDITION_FAILED, "not yet");
    }

    @Test
    void questConditionsReadStatusAndCounter() throws IOException {
        define("ask", "{\"outcomes\":["
                + "{\"when\":[{\"quest\":{\"id\":\"dream_bottles\",\"at_least\":1}}],\"message\":\"counted\"},"
                + "{\"when\":[{\"quest\":{\"id\":\"dream_bottles\",\"status\":\"active\"}}],\"message\":\"active\"},"
                + "{\"when\":[{\"quest\":{\"id\":\"dream_bottles\",\"status\":\"not_started\"}}],\"message\":\"not started\"}]}");

        assertThat(ok("alice", "ask").message()).isEqualTo("not started");
        act("alice", "accept_quest", Map.of("quest_id", "dream_bottles"));
        assertThat(ok("alice", "ask").message()).isEqualTo("active");
        act("alice", "collect_item", Map.of("instance_id", "bottle_joy"));
        act("alice", "give_item", Map.of("instance_id", "bottle_joy", "target_npc_id", "louisa"));
        assertThat(ok("alice", "ask").message()).isEqualTo("counted");
    }

    @Test
    void aQuestStageConditionHoldsOnlyWhileThePlayerIsOnThatStage() throws IOException {
        define("hint", "{\"outcomes\":[{\"when\":[{\"quest\":{\"id\":\"sleeping_oaks\",\"stage\":\"wake_the_oaks\"}}],"
                + "\"message\":\"Eat a mushroom.\"}],\"otherwise\":\"No hint now.\"}");

        assertRefused(act("alice", "hint"), ErrorCodes.PRECONDITION_FAILED, "No hint now.");
        act("alice", "update_location", Map.of("lat", 37.905853, "lng", -122.546120));
        assertThat(ok("alice", "hint").message()).isEqualTo("Eat a mushroom.");
        act("alice", "collect_item", Map.of("instance_id", "glowing_mushroom"));
        act("alice", "use_item", Map.of("instance_id", "glowing_mushroom"));
        assertRefused(act("alice", "hint"), ErrorCodes.PRECONDITION_FAILED, "No hint now.");
    }

    @Test
    void inAreaChecksZoneAndArea() throws IOException {
        define("sit", "{\"requires\":[{\"in_area\":{\"zone\":\"woander_store\",\"area\":\"reading_nook\"},"
                + "\"otherwise\":\"No chair here.\"}],\"outcomes\":[{\"message\":\"You sit.\"}]}");

        assertRefused(act("alice", "sit"), ErrorCodes.PRECONDITION_FAILED, "No chair here.");
        act("alice", "go", Map.of("destination", "reading_nook"));
        ok("alice", "sit");
    }

    // ---- parameters

    @Test
    void parametersAreBoundToWhatIsReallyHereAndFillTheMessage() throws IOException {
        define("polish", "{\"params\":[{\"name\":\"thing\",\"kind\":\"item_held\"},{\"name\":\"to\",\"kind\":\"npc\"}],"
                + "\"outcomes\":[{\"effects\":[{\"set_item_state\":{\"item\":\"$thing\",\"state\":{\"polished\":true}}},"
                + "{\"npc_say\":{\"npc\":\"$to\",\"text\":\"How shiny, your {thing}!\"}}],\"message\":\"You polish the {thing} for {to}.\"}]}");

        assertRefused(act("alice", "polish", Map.of("thing", "bottle_joy", "to", "louisa")), ErrorCodes.NOT_IN_INVENTORY, null);
        act("alice", "collect_item", Map.of("instance_id", "bottle_joy"));
        assertRefused(act("alice", "polish", Map.of("thing", "bottle_joy")), ErrorCodes.MISSING_FIELD, "to");
        assertRefused(act("alice", "polish", Map.of("thing", "../etc", "to", "louisa")), ErrorCodes.INVALID_FIELD, "thing");

        ActionResponse done = ok("alice", "polish", Map.of("thing", "bottle_joy", "to", "louisa"));

        assertThat(done.message()).isEqualTo("You polish the Bottle of Joy for Louisa. Louisa: \"How shiny, your Bottle of Joy!\"");
        assertThat(done.metadata().get("npc_speech").toString()).contains("How shiny, your Bottle of Joy!");
        act("alice", "go", Map.of("destination", "reading_nook"));
        assertRefused(act("alice", "polish", Map.of("thing", "bottle_joy", "to", "louisa")), ErrorCodes.NOT_IN_REACH, null);
    }

    // ---- effects

    @Test
    void movingAnItemTakesItFromWhereItIsAndPutsItWhereTheRulesSay() throws IOException {
        define("swap", "{\"outcomes\":[{\"effects\":["
                + "{\"move_item\":{\"item\":\"bottle_joy\",\"to\":\"player\"}},"
                + "{\"move_item\":{\"item\":\"bottle_joy\",\"to\":\"woander_store/reading_nook/armchair\"}}],\"message\":\"whoosh\"}]}");

        ActionResponse response = ok("alice", "swap");

        List<io.gaia.events.Change> world = CommandTestBase.changes(response, "world");
        assertThat(world).extracting(io.gaia.events.Change::operation).containsExactly(Operation.REMOVE, Operation.ADD);
        assertThat(world.get(1).spotId()).isEqualTo("armchair");
        assertThat(CommandTestBase.changes(response, "player")).filteredOn(c -> c.path().equals("player.inventory"))
                .extracting(io.gaia.events.Change::operation).containsExactly(Operation.ADD, Operation.REMOVE);
        assertThat(placesOf("bottle_joy")).containsExactly("reading_nook/armchair");
    }

    @Test
    void spawnedItemsGetIdsNoItemEverHadAndAnExplicitExistingIdIsRefused() throws IOException {
        define("conjure", "{\"outcomes\":[{\"effects\":[{\"spawn_item\":{\"template\":\"glowing_mushroom\","
                + "\"to\":\"woander_store/main_room/counter\"}}],\"message\":\"poof\"}]}");
        define("forge", "{\"outcomes\":[{\"effects\":[{\"set_global_state\":{\"forged\":true}},"
                + "{\"spawn_item\":{\"template\":\"bottle_joy\",\"id\":\"bottle_joy\",\"to\":\"player\"}}],\"message\":\"forged\"}]}");

        ActionResponse first = ok("alice", "conjure");
        ActionResponse second = ok("alice", "conjure");

        assertThat(first.itemId()).isEqualTo("glowing_mushroom-2"); // the clearing has glowing_mushroom
        assertThat(second.itemId()).isEqualTo("glowing_mushroom-3");
        assertThat(CommandTestBase.changes(second, "world")).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo(Operation.ADD);
            assertThat(c.item()).containsEntry("template_id", "glowing_mushroom");
        });
        ActionResponse duplicate = act("alice", "forge");
        assertRefused(duplicate, ErrorCodes.CONFLICT, "exists only once");
        assertThat(duplicate.events()).isEmpty();
        assertThat(placesOf("bottle_joy")).containsExactly("main_room/window_sill");
        assertThat(globalState()).doesNotContainKey("forged");
    }

    @Test
    void anOutcomeWhoseLaterEffectWouldLoseAnItemIsRefusedWholeWithNothingChanged() throws IOException {
        define("juggle", "{\"outcomes\":[{\"effects\":[{\"set_global_state\":{\"juggled\":true}},"
                + "{\"remove_item\":{\"item\":\"bottle_joy\"}},"
                + "{\"move_item\":{\"item\":\"bottle_joy\",\"to\":\"player\"}}],\"message\":\"never\"}]}");

        ActionResponse response = act("alice", "juggle");

        assertRefused(response, ErrorCodes.ALREADY_TAKEN, "not here any more");
        assertThat(response.events()).allSatisfy(e -> assertThat(e.changes()).extracting(c -> c.path())
                .containsOnly("player.location")); // only the newcomer's arrival
        assertThat(placesOf("bottle_joy")).containsExactly("main_room/window_sill");
        assertThat(globalState()).doesNotContainKey("juggled");
        assertThat(sandbox.published).extracting(d -> d.event().scope().wireName()).doesNotContain("world");
    }

    @Test
    void removingAnItemUsesItUpEverywhere() throws IOException {
        define("eat", "{\"requires\":[{\"holds\":\"glowing_mushroom\",\"otherwise\":\"no mushroom\"}],"
                + "\"outcomes\":[{\"effects\":[{\"remove_item\":{\"item\":\"glowing_mushroom\"}}],\"message\":\"gone\"}]}");
        define("fetch", "{\"outcomes\":[{\"effects\":[{\"move_item\":{\"item\":\"glowing_mushroom\",\"to\":\"player\"}}],"
                + "\"message\":\"fetched\"}]}");

        ok("alice", "fetch");
        ActionResponse eaten = ok("alice", "eat");

        assertThat(CommandTestBase.changes(eaten, "player")).singleElement()
                .satisfies(c -> assertThat(c.operation()).isEqualTo(Operation.REMOVE));
        assertThat(placesOf("glowing_mushroom")).isEmpty();
        assertRefused(act("bob", "fetch"), ErrorCodes.ALREADY_TAKEN, null);
    }

    @Test
    void questEffectsStartAndAdvanceTheQuestThroughItsRules() throws IOException {
        define("weave", "{\"outcomes\":[{\"effects\":[{\"start_quest\":\"dream_bottles\"},"
                + "{\"advance_quest\":\"dream_bottles\"}],\"message\":\"The loom hums.\"}]}");

        ActionResponse first = ok("alice", "weave");
        assertThat(first.message()).startsWith("The loom hums.").contains("1 of 4");
        ok("alice", "weave");
        ok("alice", "weave");
        ActionResponse fourth = ok("alice", "weave");

        assertThat(fourth.metadata()).containsKey("quest_complete");
        assertThat(globalState()).containsEntry("dreams_restored", true);
        ActionResponse fifth = ok("alice", "weave");
        assertThat(fifth.metadata()).doesNotContainKey("quest_update");
        assertThat(CommandTestBase.changes(fifth, "player")).isEmpty();
    }

    @Test
    void anNpcLineIsTheAnswerWhenTheOutcomeHasNoMessage() throws IOException {
        define("hail", "{\"outcomes\":[{\"effects\":[{\"npc_say\":{\"npc\":\"woander\",\"text\":\"Welcome!\"}}]}]}");

        assertThat(ok("alice", "hail").message()).isEqualTo("Woander: \"Welcome!\"");
    }

    // ---- quests as data

    @Test
    void aQuestCountsTalkingAndVisitingInItsStagesAndRewardsAtASpot() throws IOException {
        Files.writeString(content.resolve(WOODS).resolve("templates/quests/errand.json"), """
                {"name": "Errand", "description": "Talk, then walk.", "giver": "woander", "auto_accept": false,
                 "stages": [
                   {"id": "ask", "objective": {"type": "talk", "target_npc": "woander"}},
                   {"id": "walk", "objective": {"type": "visit", "zone": "woander_store", "area": "reading_nook"}}],
                 "messages": {"accepted": "Go on then.", "progress": "Onwards.", "complete": "Errand done."},
                 "on_complete": {"items": [{"template": "glowing_mushroom", "to": "woander_store/reading_nook/armchair"}]}}
                """);
        sandbox.catalog().refresh();
        act("alice", "go", Map.of("destination", "reading_nook"));
        act("alice", "go", Map.of("destination", "main_room"));
        ok("alice", "accept_quest", Map.of("quest_id", "errand"));

        ActionResponse talked = ok("alice", "talk", Map.of("npc_id", "woander"));
        assertThat(CommandTestBase.map(talked.metadata().get("quest_update"))).containsEntry("stage", "walk");
        ActionResponse walked = ok("alice", "go", Map.of("destination", "reading_nook"));

        assertThat(walked.metadata()).containsKey("quest_complete");
        assertThat(CommandTestBase.changes(walked, "world")).anySatisfy(c -> {
            assertThat(c.operation()).isEqualTo(Operation.ADD);
            assertThat(c.spotId()).isEqualTo("armchair");
            assertThat(c.instanceId()).isEqualTo("glowing_mushroom-2");
        });
    }

    @Test
    void questErrorsNameTheFileAndTheField() throws IOException {
        Files.writeString(content.resolve(WOODS).resolve("templates/quests/broken.json"), """
                {"name": "Broken", "description": "x",
                 "stages": [{"id": "a", "objective": {"type": "dance"}},
                            {"id": "b", "objective": {"type": "visit", "zone": "atlantis"}}],
                 "messages": {"accepted": "a", "progress": "p", "complete": "c"},
                 "on_complete": {"items": [{"template": "unicorn", "to": "player"}]}}
                """);
        sandbox.catalog().refresh();

        assertThat(sandbox.catalog().entry(WOODS).orElseThrow().errors()).contains(
                "templates/quests/broken.json: stages[0].objective.type: must be one of "
                        + "[give_items, collect_items, use_item, talk, visit]");
        Files.writeString(content.resolve(WOODS).resolve("templates/quests/broken.json"), """
                {"name": "Broken", "description": "x",
                 "stages": [{"id": "b", "objective": {"type": "visit", "zone": "atlantis"}}],
                 "messages": {"accepted": "a", "progress": "p", "complete": "c"},
                 "on_complete": {"items": [{"template": "unicorn", "to": "player"}]}}
                """);
        sandbox.catalog().refresh();
        assertThat(sandbox.catalog().entry(WOODS).orElseThrow().errors()).containsExactlyInAnyOrder(
                "templates/quests/broken.json: stages[0].objective.zone: no zone 'atlantis' in world.json",
                "templates/quests/broken.json: on_complete.items[0].template: no item template templates/items/unicorn.json");
    }

    // ---- concurrency, reload, refusal

    @Test
    void twoPlayersRacingForOneItemLeaveOneWinnerAndTheItemInOnePlace() throws IOException {
        define("claim", "{\"requires\":[{\"item_at\":{\"item\":\"bottle_energy\",\"at\":\"woander_store/main_room/shelf_right\"},"
                + "\"otherwise\":\"Too late.\"}],\"outcomes\":[{\"effects\":[{\"move_item\":{\"item\":\"bottle_energy\","
                + "\"to\":\"player\"}}],\"message\":\"Mine!\"}]}");
        List<CompletableFuture<ActionResponse>> racers = new ArrayList<>();
        IntStream.range(0, 16).forEach(i -> racers.add(CompletableFuture.supplyAsync(() -> act("racer-" + i, "claim"))));

        List<ActionResponse> answers = racers.stream().map(CompletableFuture::join).toList();

        assertThat(answers).filteredOn(ActionResponse::success).hasSize(1);
        assertThat(answers).filteredOn(a -> !a.success()).allSatisfy(a ->
                assertRefused(a, ErrorCodes.PRECONDITION_FAILED, "Too late."));
        long holders = IntStream.range(0, 16).filter(i -> CommandTestBase.inventory(
                sandbox.areaOfInterest("racer-" + i, WOODS)).stream()
                .anyMatch(item -> "bottle_energy".equals(item.get("instance_id")))).count();
        assertThat(holders).isEqualTo(1);
        assertThat(placesOf("bottle_energy")).isEmpty();
    }

    @Test
    void anEditedPageAppliesToTheNextActionAndABrokenOneIsRefusedAloneWhileTheRestServes() throws IOException {
        define("hum", "{\"outcomes\":[{\"message\":\"You hum.\"}]}");
        assertThat(ok("alice", "hum").message()).isEqualTo("You hum.");

        define("hum", "{\"outcomes\":[{\"message\":\"You hum louder.\"}]}");
        assertThat(ok("alice", "hum").message()).isEqualTo("You hum louder.");

        define("hum", "{\"outcomes\":[{\"effects\":[{\"move_item\":{\"item\":\"bottle_joy\",\"to\":\"narnia/x/y\"}}],"
                + "\"message\":\"x\"}]}");
        ActionResponse refused = act("alice", "hum");
        assertRefused(refused, ErrorCodes.COMMAND_UNAVAILABLE, "has errors");
        assertThat(refused.message()).doesNotContain(root.toString());
        assertThat(sandbox.catalog().content(WOODS).orElseThrow().refusedCommands().get("hum")).singleElement()
                .asString().isEqualTo("game-logic/hum.md: outcomes[0].effects[0].move_item.to: 'narnia/x/y' is not a "
                        + "spot of world.json");
        ok("alice", "collect_item", Map.of("instance_id", "bottle_joy"));
        ok("alice", "knock");
    }

    @Test
    void aProsePageWithoutRulesNeedsALanguageModelAndNeverGuesses() throws IOException {
        Files.writeString(pages.resolve("dance.md"), "---\ncommand: dance\ndescription: Dance.\n---\n"
                + "When the player dances in the clearing, the oaks sway along.\n");
        sandbox.catalog().refresh();

        ActionResponse response = act("alice", "dance");

        assertRefused(response, ErrorCodes.NEEDS_LANGUAGE_MODEL, "language model");
        assertThat(response.events()).isEmpty();
    }

    @Test
    void pageErrorsNameTheFileAndTheField() throws IOException {
        define("bad", "{\"params\":[{\"name\":\"x\",\"kind\":\"item_held\"}],\"requires\":[{\"holds\":\"$y\",\"otherwise\":\"no\"}],"
                + "\"outcomes\":[{\"when\":[{\"quest\":{\"id\":\"no_such_quest\",\"at_least\":1}}],"
                + "\"effects\":[{\"set_npc_state\":{\"npc\":\"$x\",\"state\":{\"a\":1}}},{\"teleport\":{}}],\"message\":\"m\"}],"
                + "\"extra\":1}");

        List<String> errors = sandbox.catalog().content(WOODS).orElseThrow().refusedCommands().get("bad");

        assertThat(errors).contains(
                "game-logic/bad.md: unknown field(s) [extra]; allowed: [otherwise, outcomes, params, requires]",
                "game-logic/bad.md: requires[0].holds: '$y' names no parameter of this command [x]",
                "game-logic/bad.md: outcomes[0].when[0].quest.id: 'no_such_quest' is not a quest of templates/quests",
                "game-logic/bad.md: outcomes[0].effects[0].set_npc_state.npc: '$x' is a item_held parameter, not an npc",
                "game-logic/bad.md: outcomes[0].effects[1]: unknown effect 'teleport'");
        assertThat(sandbox.catalog().content(WOODS)).isPresent();
    }

    // ---- helpers

    private void define(String name, String rules) throws IOException {
        Files.writeString(pages.resolve(name + ".md"), "---\ncommand: " + name + "\ndescription: Test " + name
                + ".\n---\n# " + name + "\n\n```json\n" + rules + "\n```\n");
        Files.setLastModifiedTime(pages.resolve(name + ".md"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + (long) (Math.random() * 100_000)));
        sandbox.catalog().refresh();
    }

    private ActionResponse act(String user, String action) {
        return act(user, action, Map.of());
    }

    private ActionResponse act(String user, String action, Map<String, Object> params) {
        return sandbox.act(user, WOODS, action, params);
    }

    private ActionResponse ok(String user, String action) {
        return ok(user, action, Map.of());
    }

    private ActionResponse ok(String user, String action, Map<String, Object> params) {
        ActionResponse response = act(user, action, params);
        assertThat(response.success()).as("%s: %s %s", action, response.code(), response.message()).isTrue();
        return response;
    }

    private static void assertRefused(ActionResponse response, String code, String messagePart) {
        assertThat(response.success()).as(response.message()).isFalse();
        assertThat(response.code()).as(response.message()).isEqualTo(code);
        if (messagePart != null) {
            assertThat(response.message()).contains(messagePart);
        }
    }

    /** Where an item lies in the shared world, as {@code area/spot} (every zone). */
    private List<String> placesOf(String instanceId) {
        return sandbox.actions().run(sandbox.actions().engineFor(WOODS), Sandbox.player("observer"), null, tx -> {
            List<String> places = new ArrayList<>();
            tx.world().locations.forEach((z, zone) -> zone.areas.forEach((a, area) -> area.spots.forEach((s, spot) -> {
                if (spot.items.stream().anyMatch(i -> i.instanceId.equals(instanceId))) {
                    places.add(a + "/" + s);
                }
            })));
            return places;
        }).join().value();
    }

    private Map<String, Object> globalState() {
        return sandbox.actions().run(sandbox.actions().engineFor(WOODS), Sandbox.player("observer"), null,
                tx -> Map.copyOf(tx.world().globalState)).join().value();
    }
}
