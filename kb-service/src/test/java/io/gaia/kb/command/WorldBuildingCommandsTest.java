package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.Operation;
import io.gaia.kb.support.Sandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An operator building the world with admin lines: @list, @inspect, @create, @spawn, @move, @delete. */
class WorldBuildingCommandsTest extends CommandTestBase {

    ActionResponse admin(String line) {
        return sandbox.act(Sandbox.admin("root"), WOODS, line, Map.of());
    }

    ActionResponse okAdmin(String line) {
        ActionResponse response = admin(line);
        assertThat(response.success()).as("%s: %s %s", line, response.code(), response.message()).isTrue();
        return response;
    }

    @Test
    void playersCannotBuild() {
        for (String line : List.of("@list items", "@inspect bottle_joy", "@create item bottle_joy at clearing/glade/mossy_stump",
                "@spawn bottle_joy", "@move bottle_joy to clearing/glade/mossy_stump", "@delete bottle_joy CONFIRM")) {
            assertFailure(act("alice", line, Map.of()), ErrorCodes.FORBIDDEN);
        }
        assertThat(placeOf("bottle_joy")).isEqualTo("woander_store/main_room/window_sill");
    }

    @Test
    void listShowsWhatTheLiveWorldHas() {
        ok("alice", "collect_item", id("bottle_joy"));

        assertThat(entries(okAdmin("@list zones"))).extracting(e -> e.get("id")).containsExactly("woander_store", "clearing");
        assertThat(entries(okAdmin("@list spots"))).extracting(e -> e.get("spot"))
                .contains("woander_store/reading_nook/side_table", "clearing/glade/oak_ring");
        assertThat(entries(okAdmin("@list items"))).extracting(e -> e.get("instance_id"))
                .contains("bottle_energy", "music_box").doesNotContain("bottle_joy");
        assertThat(entries(okAdmin("@list npcs"))).extracting(e -> e.get("id")).containsExactly("louisa", "old_oak", "woander");
        assertThat(entries(okAdmin("@list players"))).extracting(e -> e.get("user_id")).contains("alice");
        assertThat(entries(okAdmin("@list quests"))).extracting(e -> e.get("id")).containsExactly("dream_bottles", "sleeping_oaks");
        assertFailure(admin("@list dragons"), ErrorCodes.INVALID_FIELD);
    }

    @Test
    void inspectNamesEveryKindAnIdHasAndNeverCreatesAPlayer() {
        ok("alice", "collect_item", id("bottle_joy"));

        ActionResponse joy = okAdmin("@inspect bottle_joy");

        assertThat(matches(joy)).extracting(m -> m.get("kind")).containsExactly("item", "template");
        assertThat(map(matches(joy).get(0).get("location"))).containsEntry("held_by_player", "alice");
        assertThat(matches(okAdmin("@inspect alice"))).singleElement().satisfies(m ->
                assertThat(m).containsEntry("kind", "player").containsEntry("inventory", List.of("bottle_joy")));
        assertThat(matches(okAdmin("@inspect main_room"))).extracting(m -> m.get("kind")).containsExactly("area");
        assertFailure(admin("@inspect stranger"), ErrorCodes.NOT_FOUND);
        assertThat(entries(okAdmin("@list players"))).extracting(e -> e.get("user_id")).doesNotContain("stranger");
    }

    @Test
    void createPutsANewItemAtASpotForEveryoneWithAFreshId() {
        ActionResponse created = okAdmin("@create item bottle_joy at clearing/glade/mossy_stump");

        assertThat(created.itemId()).isEqualTo("bottle_joy-2");
        assertThat(changes(created, "world")).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo(Operation.ADD);
            assertThat(c.spotId()).isEqualTo("mossy_stump");
            assertThat(c.item()).containsEntry("template_id", "bottle_joy");
        });
        assertThat(placeOf("bottle_joy-2")).isEqualTo("clearing/glade/mossy_stump");
        assertFailure(admin("@create item unicorn at clearing/glade/mossy_stump"), ErrorCodes.NOT_FOUND);
        assertFailure(admin("@create item bottle_joy at atlantis/deep/trench"), ErrorCodes.NOT_FOUND);
        assertFailure(admin("@create item bottle_joy at ../../etc"), ErrorCodes.INVALID_FIELD);
    }

    @Test
    void spawnPutsTheItemWhereTheAdminStands() {
        sandbox.act(Sandbox.admin("root"), WOODS, "go", Map.of("destination", "reading_nook"));

        ActionResponse spawned = okAdmin("@spawn glowing_mushroom side_table");

        assertThat(spawned.itemId()).isEqualTo("glowing_mushroom-2");
        assertThat(placeOf("glowing_mushroom-2")).isEqualTo("woander_store/reading_nook/side_table");
        assertThat(okAdmin("@spawn glowing_mushroom").itemId()).isEqualTo("glowing_mushroom-3");
        assertThat(placeOf("glowing_mushroom-3")).isEqualTo("woander_store/reading_nook/armchair");
        assertFailure(admin("@spawn glowing_mushroom window_sill"), ErrorCodes.NOT_FOUND);
    }

    @Test
    void moveTakesAnItemEvenFromAPlayersHandsAndItStillExistsOnce() {
        ok("alice", "collect_item", id("bottle_joy"));

        ActionResponse moved = okAdmin("@move bottle_joy to woander_store/reading_nook/armchair");

        assertThat(map(moved.metadata().get("from"))).containsEntry("held_by_player", "alice");
        assertThat(placeOf("bottle_joy")).isEqualTo("woander_store/reading_nook/armchair");
        assertThat(inventory(sandbox.areaOfInterest("alice", WOODS))).isEmpty();
        assertThat(sandbox.published).anySatisfy(d -> {
            assertThat(d.subject()).endsWith("alice");
            assertThat(d.event().changes()).anySatisfy(c -> assertThat(c.operation()).isEqualTo(Operation.REMOVE));
        });
        assertFailure(admin("@move nothing_here to woander_store/reading_nook/armchair"), ErrorCodes.NOT_FOUND);
    }

    @Test
    void deleteNeedsConfirmAndThenRemovesTheItemWhereverItIs() {
        ok("alice", "collect_item", id("bottle_joy"));
        ok("alice", "give_item", GiveItemTest.give("bottle_joy", "louisa"));

        ActionResponse preview = admin("@delete bottle_joy");
        assertFailure(preview, ErrorCodes.CONFIRMATION_REQUIRED);
        assertThat(preview.metadata()).containsEntry("confirm_with", "@delete bottle_joy CONFIRM");
        assertThat(preview.events()).isEmpty();

        ActionResponse deleted = okAdmin("@delete bottle_joy CONFIRM");

        // an NPC's keeping is visible everywhere: one link in each zone's chain, and the admin is shown each
        assertThat(deleted.events()).extracting(e -> e.zone()).containsExactlyInAnyOrder("woander_store", "clearing");
        assertThat(changes(deleted, "world")).hasSize(2).allSatisfy(c -> {
            assertThat(c.path()).isEqualTo("world.npcs.louisa");
            assertThat(c.fields()).containsEntry("inventory", List.of());
        });
        assertFailure(admin("@examine bottle_joy"), ErrorCodes.NOT_FOUND);
        assertThat(matches(okAdmin("@inspect bottle_joy"))).extracting(m -> m.get("kind")).containsExactly("template");
    }

    @Test
    void theWorldBuildingCommandsHaveSchemas() {
        CommandRegistry registry = CommandRegistry.standard();
        for (String name : List.of("@list", "@inspect", "@create", "@spawn", "@move", "@delete")) {
            assertThat(registry.find(name)).as(name).hasValueSatisfying(e -> assertThat(e.spec().admin()).isTrue());
        }
        assertThat(registry.find("@create").orElseThrow().spec().schema("d", null).required())
                .containsExactly("kind", "template", "spot");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(ActionResponse response) {
        return (List<Map<String, Object>>) response.metadata().get("entries");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> matches(ActionResponse response) {
        return (List<Map<String, Object>>) response.metadata().get("matches");
    }

    private String placeOf(String instanceId) {
        return sandbox.actions().run(sandbox.actions().engineFor(WOODS), Sandbox.player("observer"), null, tx ->
                io.gaia.kb.world.WorldQueries.findInSpots(tx.world(), instanceId)
                        .map(p -> p.at().zoneId() + "/" + p.at().areaId() + "/" + p.at().spotId()).orElse(null))
                .join().value();
    }
}
