package io.gaia.chat.narrative;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.chat.config.ChatProperties;
import io.gaia.chat.intent.Intent;
import io.gaia.chat.intent.IntentResolverTestSupport;
import io.gaia.chat.intent.Thing;
import io.gaia.chat.intent.WorldView;
import io.gaia.events.kb.Npc;
import io.gaia.events.ActionResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfflineNarratorTest {

    private final OfflineNarrator narrator = new OfflineNarrator(properties(Duration.ZERO, 3));

    @Test
    void aCollectedItemIsToldWithItsDescriptionAndKbsWords() throws Exception {
        WorldView world = IntentResolverTestSupport.world();
        Thing joy = world.itemsInReach().stream().filter(t -> t.id().equals("bottle_joy")).findFirst().orElseThrow();
        String text = text(new Narration(Narration.Kind.ACTION, "take the bottle of joy",
                new Intent.Command("collect_item", Map.of("instance_id", "bottle_joy"), joy),
                ActionResponse.ok("collect_item", "You pick up the Bottle of Joy.", Map.of(), "bottle_joy", 1L, List.of()),
                world, List.of(), TurnActions.NONE));

        assertThat(text).contains("Bottle of Joy").contains("moon glyph").endsWith("You pick up the Bottle of Joy.");
    }

    @Test
    void theLastBottleGivenRestoresTheDreams() throws Exception {
        ActionResponse given = ActionResponse.ok("give_item", "Louisa takes the Bottle of Nature.",
                Map.of("hook_result", Map.of("quest_updates", Map.of("bottles_collected", 4, "quest_complete", true))),
                "bottle_nature", 1L, List.of());
        String text = text(new Narration(Narration.Kind.ACTION, "give the bottle to louisa",
                new Intent.Command("give_item", Map.of(), null), given, IntentResolverTestSupport.world(), List.of(), TurnActions.NONE));

        assertThat(text).contains("Louisa takes the Bottle of Nature.").contains("dreams of the Wylding Woods are restored");
    }

    @Test
    void aRefusedCommandIsToldAsRefused() throws Exception {
        String text = text(new Narration(Narration.Kind.ACTION, "take the bottle of joy",
                new Intent.Command("collect_item", Map.of(), null),
                ActionResponse.failed("collect_item", "already_taken", "Someone already took the Bottle of Joy.", 1L),
                IntentResolverTestSupport.world(), List.of(), TurnActions.NONE));

        assertThat(text).startsWith("Someone already took the Bottle of Joy.").contains("quicker");
    }

    @Test
    void anNpcAskedAboutBottlesAnswersAboutTheBottlesAround() throws Exception {
        Npc louisa = new Npc("louisa", "Louisa", "A Dream Weaver.", "Gentle.", null);
        String text = text(new Narration(Narration.Kind.TALK, "Louisa, what are the bottles for?",
                new Intent.Talk(louisa, "what are the bottles for?"), null, IntentResolverTestSupport.world(), List.of(),
                TurnActions.NONE));

        assertThat(text).startsWith("Louisa turns to you.").contains("Bottle of Joy").contains("Bottle of Mystery");
    }

    @Test
    void anNpcWithAPersonaAnswersInTheFirstPersonFromIt() throws Exception {
        Npc louisa = new Npc("louisa", "Louisa", "A Dream Weaver.", "You are Louisa, the Dream Weaver of the Wylding Woods. "
                + "You weave the dreams of the woods on a silver loom. Four of your dream bottles spilled from your loom, and "
                + "without them the woods are forgetting how to dream. You never break character.", null);
        String text = text(new Narration(Narration.Kind.TALK, "Louisa, what are the bottles for?",
                new Intent.Talk(louisa, "what are the bottles for?"), null, IntentResolverTestSupport.world(), List.of(),
                TurnActions.NONE));

        assertThat(text).contains("Four of my dream bottles spilled from my loom").doesNotContain("character")
                .doesNotContain("your");
    }

    @Test
    void narrativeLeavesAFewWholeWordsAtATime() {
        OfflineNarrator paced = new OfflineNarrator(properties(Duration.ofMillis(1), 2));
        List<String> chunks = paced.pace("You lift the golden bottle.").collectList().block();

        assertThat(chunks).containsExactly("You lift ", "the golden ", "bottle.");
    }

    static ChatProperties properties(Duration delay, int words) {
        ChatProperties.Hosted none = new ChatProperties.Hosted(null, null, null, null, 512, Duration.ofSeconds(30));
        return new ChatProperties("wylding-woods", Duration.ofSeconds(5),
                org.springframework.util.unit.DataSize.ofMegabytes(16), Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(60), new ChatProperties.Narrator("offline", delay, words, Duration.ofSeconds(30)), none, none,
                new ChatProperties.Conversations("file", Path.of("data"), null, null, null, 20));
    }

    private String text(Narration narration) {
        return String.join("", narrator.narrate(narration).collectList().block());
    }
}
