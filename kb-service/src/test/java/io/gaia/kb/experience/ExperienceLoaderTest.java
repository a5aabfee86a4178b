package io.gaia.kb.experience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.events.GaiaJson;
import io.gaia.kb.command.CommandRegistry;
import io.gaia.kb.support.Sandbox;
import io.gaia.testsupport.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperienceLoaderTest {

    final ExperienceLoader loader = new ExperienceLoader(GaiaJson.create(), CommandRegistry.standard().names());

    @TempDir
    Path root;

    @Test
    void wyldingWoodsLoadsAsTheClientExpectsIt() throws Exception {
        ExperienceContent woods = loader.load(Sandbox.repositoryExperiences().resolve("wylding-woods"));
        assertThat(woods.config().model()).isEqualTo(StateModel.SHARED);
        assertThat(woods.config().bootstrap().zone()).isEqualTo("woander_store");
        var shop = woods.worldTemplate().locations.get("woander_store");
        assertThat(shop.gps.lat()).isEqualTo(37.906512);
        assertThat(shop.gps.lng()).isEqualTo(-122.544217);
        assertThat(shop.areas.get("main_room").spots.values().stream().flatMap(s -> s.items.stream()).map(i -> i.instanceId))
                .containsExactlyInAnyOrder("bottle_mystery", "bottle_energy", "bottle_joy", "bottle_nature");
        assertThat(woods.npcs()).containsKeys("louisa", "woander");
        assertThat(woods.quests().get("dream_bottles").objective().count()).isEqualTo(4);
        assertThat(woods.worldTemplate().locations).containsKey("clearing");
        assertThat(woods.logicFor("collect_item").orElseThrow().aliases()).contains("take", "pick up");
    }

    @Test
    void theIsolatedTestExperienceLoads() throws Exception {
        assertThat(loader.load(Sandbox.repositoryExperiences().resolve("lantern-grove")).config().model())
                .isEqualTo(StateModel.ISOLATED);
    }

    @Test
    void theAreaScopedExampleLoads() throws Exception {
        ExperienceContent market = loader.load(Sandbox.repositoryExperiences().resolveSibling("examples")
                .resolve("harbour-market"));
        assertThat(market.config().interest()).isEqualTo(Interest.AREA);
        assertThat(market.worldTemplate().locations.get("market").areas).hasSize(4);
    }

    @Test
    void errorsNameTheFileAndTheField() throws Exception {
        Path woods = copyOfWoods();
        replace(woods.resolve("world.json"), "\"template_id\": \"bottle_joy\"", "\"template_id\": \"bottle_jyo\"");
        replace(woods.resolve("world.json"), "\"lat\": 37.906512", "\"lat\": 137.9");
        replace(woods.resolve("config.json"), "\"model\": \"shared\"", "\"model\": \"social\", \"interest\": \"room\"");
        replace(woods.resolve("templates/quests/dream_bottles.json"), "\"target_npc\": \"louisa\"", "\"target_npc\": \"lousia\"");
        replace(woods.resolve("game-logic/collect.md"), "# Collecting", "```json\n{}\n```\n# Collecting");

        assertThatThrownBy(() -> loader.load(woods)).isInstanceOfSatisfying(InvalidExperienceException.class, e ->
                assertThat(e.errors()).contains(
                        "world.json: locations.woander_store.areas.main_room.spots.window_sill.items[0].template_id: "
                                + "no item template templates/items/bottle_jyo.json",
                        "world.json: locations.woander_store.gps.lat: must be between -90.0 and 90.0 (was 137.9)",
                        "config.json: state.model: must be 'shared' or 'isolated'",
                        "config.json: state.interest: must be 'zone' or 'area'")
                        .anyMatch(m -> m.startsWith("game-logic/collect.md: command: 'collect_item' is a built-in command")));
    }

    @Test
    void brokenJsonAndMissingFilesAreReported() throws Exception {
        Path woods = copyOfWoods();
        Files.writeString(woods.resolve("waypoints.json"), "{\"waypoints\": [");
        Files.delete(woods.resolve("config.json"));
        assertThatThrownBy(() -> loader.load(woods)).isInstanceOfSatisfying(InvalidExperienceException.class, e ->
                assertThat(e.errors()).contains("config.json: file is missing")
                        .anyMatch(m -> m.startsWith("waypoints.json: invalid JSON")));
    }

    @Test
    void aBrokenExperienceIsRefusedWithoutTakingTheOthersDownAndEditsApplyLive() throws Exception {
        Path woods = copyOfWoods();
        copy(Sandbox.repositoryExperiences().resolve("lantern-grove"), root.resolve("lantern-grove"));
        ExperienceCatalog catalog = new ExperienceCatalog(root, loader);
        catalog.refresh();
        assertThat(catalog.content("wylding-woods")).isPresent();

        replace(woods.resolve("world.json"), "\"npc\": \"louisa\"", "\"npc\": \"nobody\"");
        touch(woods.resolve("world.json"));
        catalog.refresh();
        assertThat(catalog.content("wylding-woods")).isEmpty();
        assertThat(catalog.entry("wylding-woods").orElseThrow().errors()).singleElement().asString()
                .contains("world.json").contains("fairy_door.npc");
        assertThat(catalog.content("lantern-grove")).isPresent();

        replace(woods.resolve("world.json"), "\"npc\": \"nobody\"", "\"npc\": \"louisa\"");
        replace(woods.resolve("templates/npcs/louisa.json"), "\"name\": \"Louisa\"", "\"name\": \"Louisa the Weaver\"");
        touch(woods.resolve("world.json"));
        catalog.refresh();
        assertThat(catalog.content("wylding-woods").orElseThrow().npcs().get("louisa").name()).isEqualTo("Louisa the Weaver");
    }

    private Path copyOfWoods() throws IOException {
        Path target = root.resolve("wylding-woods");
        copy(Sandbox.repositoryExperiences().resolve("wylding-woods"), target);
        return target;
    }

    static void copy(Path from, Path to) throws IOException {
        Folders.copy(from, to);
    }

    static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    /** Make sure the change is visible to the poller even within one mtime tick. */
    static void touch(Path file) throws IOException {
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    }
}
