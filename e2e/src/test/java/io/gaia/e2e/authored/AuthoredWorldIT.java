package io.gaia.e2e.authored;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.e2e.stack.GaiaStackExtension;
import io.gaia.e2e.traffic.SseTurn;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.TestSocket;
import io.gaia.testsupport.stack.GaiaStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Wylding Woods' content-only mechanics over the real stack (nats-server, kb-service, session-service,
 * chat-service): the clearing quest played through the WebSocket (visit, use and give stages, an item
 * reward), and the fairy-door command, defined in a markdown page, through chat, with its world_update
 * streamed before the first narrative content.
 */
@ExtendWith(GaiaStackExtension.class)
class AuthoredWorldIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void theClearingQuestIsPlayedThroughTheSocketWithContentOnlyStages(GaiaStack stack) {
        String user = "oak-friend-" + System.nanoTime();
        try (TestSocket socket = socket(stack, user)) {
            JsonNode arrived = ok(socket.act("update_location", Map.of("lat", 37.905853, "lng", -122.546120)));
            assertThat(arrived.at("/metadata/quest_update/stage").asString()).isEqualTo("wake_the_oaks");

            // the mushroom and the dusk may already be gone on this shared stack: the admin puts fresh ones here
            try (TestSocket admin = socket(stack, "oak-admin-" + System.nanoTime(), true)) {
                ok(admin.act("@create item glowing_mushroom at clearing/glade/fern_hollow", Map.of()));
            }
            String mushroom = newest(socket, "glowing_mushroom");
            ok(socket.act("collect_item", Map.of("instance_id", mushroom)));
            JsonNode woke = ok(socket.act("use_item", Map.of("instance_id", mushroom)));
            assertThat(woke.at("/metadata/quest_update/stage").asString()).isEqualTo("return_the_dusk");

            String dusk = bottleOfDusk(stack, socket);
            ok(socket.act("collect_item", Map.of("instance_id", dusk)));
            JsonNode done = ok(socket.act("give_item", Map.of("instance_id", dusk, "target_npc_id", "old_oak")));

            assertThat(done.at("/metadata/quest_complete/quest_id").asString()).isEqualTo("sleeping_oaks");
            JsonNode reward = socket.await(f -> "world_update".equals(f.path("type").asString())
                    && f.toString().contains("acorn_charm"), PATIENCE, "the acorn charm's world_update");
            assertThat(reward.toString()).contains("player.inventory");
        }
    }

    @Test
    void theFairyDoorCommandRunsThroughChatWithItsWorldUpdateBeforeTheStory(GaiaStack stack) throws Exception {
        // on this shared stack an earlier test may have opened the door already: the operator resets the world
        try (TestSocket admin = socket(stack, "door-reset-" + System.nanoTime(), true)) {
            ok(admin.act("@reset world CONFIRM", Map.of()));
        }
        String user = "door-knocker-" + System.nanoTime();
        String token = TestTokens.development().player(user);
        try (TestSocket socket = socket(stack, user)) {
            // the door opens only for a friend of the loom: first a bottle for Louisa (made fresh for this player)
            try (TestSocket admin = socket(stack, "door-admin-" + System.nanoTime(), true)) {
                ok(admin.act("@create item bottle_joy at woander_store/main_room/fairy_door", Map.of()));
            }
            String bottle = newest(socket, "bottle_joy");
            ok(socket.act("collect_item", Map.of("instance_id", bottle)));
            ok(socket.act("give_item", Map.of("instance_id", bottle, "target_npc_id", "louisa")));
        }

        List<JsonNode> events = SseTurn.play(stack.chat().url(), token, "knock on the fairy door", Map.of());

        int update = indexOf(events, "world_update");
        int content = indexOf(events, "content");
        assertThat(update).as("a world_update in %s", events).isNotNegative();
        assertThat(content).as("narrative content in %s", events).isGreaterThan(update);
        assertThat(events.get(update).toString()).contains("fairy_door_open");
    }

    private static TestSocket socket(GaiaStack stack, String user) {
        return socket(stack, user, false);
    }

    private static TestSocket socket(GaiaStack stack, String user, boolean admin) {
        String token = admin ? TestTokens.development().admin(user) : TestTokens.development().player(user);
        TestSocket socket = TestSocket.connect(stack.session().url().replaceFirst("^http", "ws")
                + "/ws/experience?token=" + token + "&experience=" + GaiaStackExtension.WOODS).patience(PATIENCE).open();
        socket.await("connected");
        return socket;
    }

    private static JsonNode ok(JsonNode answer) {
        assertThat(answer.path("success").asBoolean()).as("%s", answer).isTrue();
        return answer;
    }

    /** The id of the last item of {@code template} created in the player's view (it arrives as a world_update). */
    private static String newest(TestSocket socket, String template) {
        JsonNode update = socket.await(f -> "world_update".equals(f.path("type").asString())
                && f.toString().contains("\"template_id\":\"" + template + "\""), PATIENCE, "a new " + template);
        for (JsonNode change : update.path("changes")) {
            if ("add".equals(change.path("operation").asString())
                    && template.equals(change.at("/item/template_id").asString())) {
                return change.at("/item/instance_id").asString();
            }
        }
        throw new AssertionError("no new " + template + " in " + update);
    }

    /** The Bottle of Dusk if it still lies in the hollow, else a fresh one the admin creates there. */
    private static String bottleOfDusk(GaiaStack stack, TestSocket socket) {
        JsonNode look = socket.act("examine", Map.of("instance_id", "bottle_dusk"));
        if (look.path("success").asBoolean()) {
            return "bottle_dusk";
        }
        try (TestSocket admin = socket(stack, "dusk-admin-" + System.nanoTime(), true)) {
            ok(admin.act("@create item bottle_dusk at clearing/glade/fern_hollow", Map.of()));
        }
        return newest(socket, "bottle_dusk");
    }

    private static int indexOf(List<JsonNode> events, String type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.equals(events.get(i).path("type").asString())) {
                return i;
            }
        }
        return -1;
    }
}
