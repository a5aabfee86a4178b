package io.gaia.session.game;

import static io.gaia.session.support.Player.adds;
import static io.gaia.session.support.Player.removes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.session.support.KbBackedTest;
import io.gaia.session.support.Player;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Two players play the whole Wylding Woods quest over real sockets and each sees what the other does. */
class WyldingWoodsQuestOverSocketsTest extends KbBackedTest {

    private static final List<String> BOTTLES = List.of("bottle_mystery", "bottle_energy", "bottle_joy", "bottle_nature");

    @Test
    void twoPlayersPlayTheQuestAndSeeEachOthersChanges() {
        try (Player alice = join("alice"); Player bob = join("bob")) {
            for (Player player : List.of(alice, bob)) {
                player.socket().send(java.util.Map.of("type", "update_location", "lat", 37.906512, "lng", -122.544217));
                JsonNode area = player.await("area_of_interest");
                assertThat(area.path("zone").path("id").asString()).isEqualTo("woander_store");
                assertThat(player.act("go", "destination", "main_room").path("success").asBoolean()).isTrue();
            }

            // Alice takes the mystery bottle: her own delta comes before her response; Bob sees it vanish.
            JsonNode taken = alice.act("collect_item", "instance_id", "bottle_mystery");
            assertThat(taken.path("success").asBoolean()).as(taken.toString()).isTrue();
            assertThat(alice.worldUpdates()).anyMatch(u -> removes(u, "bottle_mystery"));
            bob.awaitUpdate(u -> removes(u, "bottle_mystery"), "bottle_mystery vanishing for bob");

            // Bob takes the energy bottle, and cannot take the one Alice holds.
            assertThat(bob.act("collect_item", "instance_id", "bottle_energy").path("success").asBoolean()).isTrue();
            alice.awaitUpdate(u -> removes(u, "bottle_energy"), "bottle_energy vanishing for alice");
            JsonNode refused = bob.act("collect_item", "instance_id", "bottle_mystery");
            assertThat(refused.path("success").asBoolean()).isFalse();
            assertThat(refused.path("code").asString()).isEqualTo("already_taken");

            // Bob puts it back; Alice sees it reappear and collects the rest.
            assertThat(bob.act("drop_item", "instance_id", "bottle_energy").path("success").asBoolean()).isTrue();
            alice.awaitUpdate(u -> adds(u, "bottle_energy"), "bottle_energy reappearing for alice");
            for (String bottle : List.of("bottle_energy", "bottle_joy", "bottle_nature")) {
                JsonNode response = alice.act("collect_item", "instance_id", bottle);
                assertThat(response.path("success").asBoolean()).as(response.toString()).isTrue();
                bob.awaitUpdate(u -> removes(u, bottle), bottle + " vanishing for bob");
            }

            // Four bottles to Louisa: the quest counts up and completes.
            JsonNode last = null;
            for (String bottle : BOTTLES) {
                last = alice.act("give_item", "instance_id", bottle, "target_npc_id", "louisa");
                assertThat(last.path("success").asBoolean()).as(last.toString()).isTrue();
            }
            JsonNode questUpdates = last.path("metadata").path("hook_result").path("quest_updates");
            assertThat(questUpdates.toString()).contains("\"bottles_collected\":4").contains("\"quest_complete\":true");
            JsonNode complete = alice.await("quest_complete");
            assertThat(complete.path("quest_updates").toString()).contains("\"quest_complete\":true");

            // Both views ended in step with kb-service's versions, without a delta that did not follow on.
            alice.assertNoSilentGap();
            // the quest's last shared-world delta may still be on its way to Bob
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                bob.catchUp();
                assertThat(bob.versions().get("world")).isEqualTo(alice.versions().get("world"));
            });
            bob.assertNoSilentGap();
        }
    }
}
