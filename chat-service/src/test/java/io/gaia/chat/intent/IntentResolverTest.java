package io.gaia.chat.intent;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.kb.AreaOfInterest;
import io.gaia.events.kb.Npc;
import io.gaia.events.GaiaJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class IntentResolverTest {

    static final GaiaJson JSON = GaiaJson.create();
    private static final List<Npc> NPCS = List.of(
            new Npc("louisa", "Louisa", "A Dream Weaver fairy behind the tiny door.", "Gentle, speaks of dreams.", null),
            new Npc("woander", "Woander", "The shopkeeper fairy.", "Cheerful and a little vain.", null));

    private final IntentResolver resolver = new IntentResolver();

    @Test
    void takeTheBottleOfJoyCollectsThatBottle() throws IOException {
        assertThat(resolve("take the bottle of joy", aoi())).isEqualTo(command("collect_item", Map.of("instance_id", "bottle_joy")));
    }

    @Test
    void synonymsDescriptionsAndTyposFindTheSameBottle() throws IOException {
        for (String said : List.of("Grab the golden bottle!", "pick up the joy bottle", "I want to take the botle of joy",
                "please collect bottle_joy")) {
            assertThat(resolve(said, aoi())).as(said).isEqualTo(command("collect_item", Map.of("instance_id", "bottle_joy")));
        }
    }

    @Test
    void anAmbiguousNameGetsAQuestionNotAnAction() throws IOException {
        Intent intent = resolve("take the bottle", aoi());
        assertThat(intent).isInstanceOf(Intent.Clarify.class);
        Intent.Clarify clarify = (Intent.Clarify) intent;
        assertThat(clarify.options()).extracting(Thing::id)
                .containsExactlyInAnyOrder("bottle_mystery", "bottle_joy", "bottle_energy", "bottle_nature");
        assertThat(clarify.question()).containsIgnoringCase("bottle of joy").endsWith("?");
    }

    @Test
    void somethingThatIsNotHereGetsAnAnswerNotAnAction() throws IOException {
        assertThat(resolve("take the dragon egg", aoi())).isInstanceOf(Intent.Clarify.class);
    }

    @Test
    void goToTheCounterMovesToTheAreaOfTheCounter() throws IOException {
        assertThat(resolve("go to the counter", aoi())).isEqualTo(command("go", Map.of("destination", "main_room")));
        assertThat(resolve("walk over to the main room", aoi())).isEqualTo(command("go", Map.of("destination", "main_room")));
    }

    @Test
    void giveTheBottleToLouisaGivesTheOnlyBottleCarried() throws IOException {
        JsonNode aoi = carrying("bottle_joy");
        assertThat(resolve("give the bottle to Louisa", aoi))
                .isEqualTo(command("give_item", Map.of("instance_id", "bottle_joy", "target_npc_id", "louisa")));
        assertThat(resolve("hand louisa the bottle", aoi))
                .isEqualTo(command("give_item", Map.of("instance_id", "bottle_joy", "target_npc_id", "louisa")));
    }

    @Test
    void givingOneOfTwoCarriedBottlesAsksWhichOne() throws IOException {
        Intent intent = resolve("give the bottle to Louisa", carrying("bottle_joy", "bottle_energy"));
        assertThat(intent).isInstanceOf(Intent.Clarify.class);
        assertThat(((Intent.Clarify) intent).options()).extracting(Thing::id).containsExactlyInAnyOrder("bottle_joy", "bottle_energy");
    }

    @Test
    void addressingAnNpcByNameIsSpeechToThatNpc() throws IOException {
        Intent intent = resolve("Louisa, what are the bottles for?", aoi());
        assertThat(intent).isInstanceOf(Intent.Talk.class);
        assertThat(((Intent.Talk) intent).npc().id()).isEqualTo("louisa");
        assertThat(((Intent.Talk) intent).said()).isEqualTo("what are the bottles for?");
        assertThat(resolve("talk to woander", aoi())).isInstanceOf(Intent.Talk.class);
        assertThat(resolve("ask Woander about the shop", aoi())).isInstanceOf(Intent.Talk.class);
    }

    @Test
    void aCommaAfterSomethingElseIsNotSpeech() throws IOException {
        assertThat(resolve("well, take the bottle of joy", aoi())).isEqualTo(command("collect_item", Map.of("instance_id", "bottle_joy")));
    }

    @Test
    void smallTalkIsNotAnAction() throws IOException {
        assertThat(resolve("what a lovely place this is", aoi())).isInstanceOf(Intent.Chat.class);
        assertThat(resolve("what do I have?", aoi())).isEqualTo(new Intent.Command("inventory", Map.of(), null));
    }

    @Test
    void droppingNeedsTheItemInTheInventory() throws IOException {
        assertThat(resolve("drop the bottle of joy", aoi())).isInstanceOf(Intent.Clarify.class);
        assertThat(resolve("drop the bottle of joy", carrying("bottle_joy")))
                .isEqualTo(command("drop_item", Map.of("instance_id", "bottle_joy")));
    }

    @Test
    void aSharedWordNeverPicksAnotherBottleWhenTheNamedOneIsNotHere() throws IOException {
        JsonNode joyTakenBySomeoneElse = withoutOnShelves("bottle_joy");
        for (String said : List.of("please grab the joy bottle", "take the bottle of joy", "pick up the golden bottle",
                "collect the moon bottle")) {
            Intent intent = resolve(said, joyTakenBySomeoneElse);
            assertThat(intent).as(said).isInstanceOf(Intent.Clarify.class);
            assertThat(((Intent.Clarify) intent).question()).as(said).contains("here");
        }
        Intent give = resolve("give the joy bottle to Louisa", carrying("bottle_mystery"));
        assertThat(give).isInstanceOf(Intent.Clarify.class);
    }

    @Test
    void aContentDefinedCommandIsNamedByItsOwnPhrasesBeforeTheGenericVerbs() throws IOException {
        List<Verb> verbs = Verb.of(List.of(
                schema("knock", List.of(), List.of("knock on the fairy door", "knock")),
                schema("read_journal", List.of(), List.of("read the journal")),
                schema("polish", List.of("thing"), List.of("polish")),
                schema("give_item", List.of("instance_id", "target_npc_id"), List.of("give"))));
        WorldView world = WorldView.of(JSON.convert(aoi(), AreaOfInterest.class), NPCS);

        assertThat(resolver.resolve("Please knock on the fairy door!", world, verbs))
                .isEqualTo(new Intent.Command("knock", Map.of(), null, null));
        assertThat(resolver.resolve("read the journal", world, verbs))
                .isEqualTo(new Intent.Command("read_journal", Map.of(), null, null));
        // a command that needs a parameter is left to the resolver's own verbs
        assertThat(resolver.resolve("polish the bottle", world, verbs)).isNotEqualTo(
                new Intent.Command("polish", Map.of(), null, null));
        assertThat(resolver.resolve("knocking is fun", world, verbs)).isInstanceOf(Intent.Chat.class);
    }

    private static io.gaia.events.kb.CommandSchema schema(String name, List<String> required, List<String> aliases) {
        return new io.gaia.events.kb.CommandSchema(io.gaia.events.kb.CommandSchema.DRAFT, "object", Map.of(), required,
                true, name, name, aliases, false);
    }

    private Intent resolve(String message, JsonNode aoi) {
        Intent intent = resolver.resolve(message, WorldView.of(JSON.convert(aoi, AreaOfInterest.class), NPCS));
        if (intent instanceof Intent.Command c) {
            return new Intent.Command(c.action(), c.params(), null);
        }
        return intent;
    }

    private static Intent command(String action, Map<String, Object> params) {
        return new Intent.Command(action, params, null);
    }

    static JsonNode aoi() throws IOException {
        try (InputStream in = IntentResolverTest.class.getResourceAsStream("/area-of-interest.json")) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The same place, with these bottles gone from the shelves (someone else took them). */
    private static JsonNode withoutOnShelves(String... ids) throws IOException {
        ObjectNode aoi = (ObjectNode) carrying(ids);
        ((ArrayNode) aoi.path("player").path("inventory")).removeAll();
        return aoi;
    }

    /** The same place, with these bottles moved from the shelves into the player's inventory. */
    private static JsonNode carrying(String... ids) throws IOException {
        ObjectNode aoi = (ObjectNode) aoi();
        ArrayNode inventory = (ArrayNode) aoi.path("player").path("inventory");
        for (String id : ids) {
            for (String shelf : List.of("shelf_left", "shelf_right")) {
                ArrayNode items = (ArrayNode) aoi.path("areas").path("main_room").path("spots").path(shelf).path("items");
                for (int i = items.size() - 1; i >= 0; i--) {
                    if (items.get(i).path("instance_id").asString().equals(id)) {
                        inventory.add(items.remove(i));
                    }
                }
            }
        }
        return aoi;
    }
}
