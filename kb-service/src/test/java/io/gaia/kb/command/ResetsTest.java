package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.ExperienceLifecycleEvent;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.support.Sandbox;
import io.gaia.kb.world.ExperienceEngine;
import io.gaia.testsupport.Folders;
import io.gaia.kb.world.WorldQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admin resets and restore: confirmation first, epochs, one lifecycle event, and every item exactly once. */
class ResetsTest extends CommandTestBase {

    private static final List<String> BOTTLES = List.of("bottle_mystery", "bottle_energy", "bottle_joy", "bottle_nature");

    ActionResponse admin(String line) {
        return sandbox.act(Sandbox.admin("root"), WOODS, line, Map.of());
    }

    @Test
    void everyDestructiveCommandWithoutConfirmIsRefusedWithThePreviewAndTheExactLine() {
        ok("alice", "collect_item", id("bottle_joy"));
        ok("bob", "go", Map.of("destination", "main_room"));
        ActionResponse backup = admin("@reset world CONFIRM");
        String backupId = (String) backup.metadata().get("backup_id");
        Map<String, String> lines = Map.of(
                "@reset experience", "@reset experience CONFIRM",
                "@reset world", "@reset world CONFIRM",
                "@reset player alice", "@reset player alice CONFIRM",
                "@restore " + backupId, "@restore " + backupId + " CONFIRM");
        String epoch = epochOf(sandbox.areaOfInterest("alice", WOODS));
        int published = sandbox.published.size();
        lines.forEach((line, confirmLine) -> {
            ActionResponse preview = admin(line);
            assertThat(preview.success()).as(line).isFalse();
            assertThat(preview.code()).isEqualTo(ErrorCodes.CONFIRMATION_REQUIRED);
            assertThat(preview.message()).contains("Send '" + confirmLine + "' to do it.");
            assertThat(preview.metadata()).containsEntry("requires_confirmation", true)
                    .containsEntry("confirm_with", confirmLine).containsKey("preview");
            assertThat(preview.events()).isEmpty();
        });
        assertThat(map(admin("@reset experience").metadata().get("preview"))).containsEntry("players", 2);
        assertThat(admin("@reset experience").message())
                .isEqualTo("This would reset the world and 2 player(s) of wylding-woods. Send '@reset experience CONFIRM' to do it.");
        assertThat(sandbox.published).hasSize(published);
        assertThat(epochOf(sandbox.areaOfInterest("alice", WOODS))).isEqualTo(epoch);
    }

    @Test
    void experienceResetStartsANewEpochWithoutDeltasAndNamesItsBackupById() {
        ok("alice", "collect_item", id("bottle_joy"));
        ok("bob", "collect_item", id("bottle_energy"));
        String before = epochOf(sandbox.areaOfInterest("alice", WOODS));
        int published = sandbox.published.size();

        ActionResponse reset = admin("@reset experience CONFIRM");

        assertThat(reset.success()).as(reset.message()).isTrue();
        assertThat(reset.events()).isEmpty();
        assertThat(sandbox.published).hasSize(published);
        assertThat((String) reset.metadata().get("backup_id")).matches("reset-\\d+");
        assertNoPathOrClassName(reset);
        String after = (String) reset.metadata().get("epoch");
        assertThat(after).isNotEqualTo(before).matches("[A-Za-z0-9_-]{1,40}");
        assertThat(breaks()).singleElement().satisfies(e -> {
            assertThat(e.epoch()).isEqualTo(after);
            assertThat(e.previousEpoch()).isEqualTo(before);
            assertThat(e.reason()).isEqualTo(ExperienceLifecycleEvent.REASON_RESET);
            assertThat(e.type()).isEqualTo("experience_reset");
        });
        Map<String, Object> aoi = sandbox.areaOfInterest("alice", WOODS);
        assertThat(epochOf(aoi)).isEqualTo(after);
        assertThat(inventory(aoi)).isEmpty();
        assertEveryItemExactlyOnce();
        assertThat(ok("bob", "collect_item", id("bottle_joy")).metadata()).containsEntry("epoch", after);
        assertThat(sandbox.published.get(sandbox.published.size() - 1).event().epoch()).isEqualTo(after);
    }

    @Test
    void worldResetTakesBackWhatPlayersCarrySoNoItemIsEverHeldTwice() {
        ok("alice", "collect_item", id("bottle_joy"));
        ok("alice", "collect_item", id("bottle_mystery"));
        ok("alice", "give_item", Map.of("instance_id", "bottle_mystery", "target_npc_id", "louisa"));
        ok("bob", "collect_item", id("bottle_energy"));
        String before = epochOf(sandbox.areaOfInterest("alice", WOODS));

        ActionResponse preview = admin("@reset world");
        assertThat(map(preview.metadata().get("preview"))).containsEntry("items_returned", 2);
        ActionResponse reset = admin("@reset world CONFIRM");

        assertThat(reset.success()).as(reset.message()).isTrue();
        assertThat(reset.metadata()).containsEntry("items_returned", 2);
        assertThat((String) reset.metadata().get("backup_id")).matches("reset-\\d+(-\\d+)?");
        assertNoPathOrClassName(reset);
        assertThat(reset.events()).isEmpty();
        assertThat(breaks()).singleElement().satisfies(e -> assertThat(e.previousEpoch()).isEqualTo(before));
        assertHolds("alice");
        assertHolds("bob");
        assertEveryItemExactlyOnce();
        ok("carol", "collect_item", id("bottle_joy"));
        assertFailure(act("bob", "collect_item", id("bottle_joy")), ErrorCodes.ALREADY_TAKEN);
        assertEveryItemExactlyOnce();
    }

    @Test
    void playerResetReturnsCarriedItemsToTheWorldWithOrdinaryDeltasInTheSameEpoch() {
        ok("alice", "collect_item", id("bottle_joy"));
        ok("alice", "go", Map.of("destination", "reading_nook"));
        ok("bob", "collect_item", id("bottle_energy"));
        String epoch = epochOf(sandbox.areaOfInterest("alice", WOODS));

        ActionResponse reset = admin("@reset player alice CONFIRM");

        assertThat(reset.success()).as(reset.message()).isTrue();
        assertThat(reset.metadata()).containsEntry("items_returned", 1).containsEntry("epoch", epoch);
        assertThat(breaks()).isEmpty();
        assertThat(changes(reset, "world")).singleElement().satisfies(c -> assertThat(c.instanceId()).isEqualTo("bottle_joy"));
        assertThat(spotItems(sandbox.areaOfInterest("bob", WOODS), "main_room", "window_sill"))
                .extracting(i -> i.get("instance_id")).containsExactly("bottle_joy");
        Map<String, Object> alice = sandbox.areaOfInterest("alice", WOODS);
        assertThat(inventory(alice)).isEmpty();
        assertThat(map(alice.get("player"))).containsEntry("current_area", "main_room");
        assertThat(inventory(sandbox.areaOfInterest("bob", WOODS))).hasSize(1);
        assertEveryItemExactlyOnce();
    }

    @Test
    void restoreBringsABackupBackInANewEpochAndBacksUpWhatItReplaces() {
        ok("alice", "collect_item", id("bottle_joy"));
        String backupId = (String) admin("@reset experience CONFIRM").metadata().get("backup_id");
        ok("bob", "collect_item", id("bottle_joy"));
        String beforeRestore = epochOf(sandbox.areaOfInterest("bob", WOODS));

        assertThat(admin("@restore").metadata().get("backups")).isEqualTo(List.of(backupId));
        assertFailure(admin("@restore nothing-here CONFIRM"), ErrorCodes.NOT_FOUND);
        assertFailure(admin("@restore ../../etc CONFIRM"), ErrorCodes.NOT_FOUND);
        ActionResponse restore = admin("@restore " + backupId + " CONFIRM");

        assertThat(restore.success()).as(restore.message()).isTrue();
        assertNoPathOrClassName(restore);
        assertThat((String) restore.metadata().get("backup_id")).startsWith("pre-restore-");
        assertThat(breaks()).last().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(ExperienceLifecycleEvent.REASON_RESTORE);
            assertThat(e.previousEpoch()).isEqualTo(beforeRestore);
        });
        assertThat(restore.metadata().get("epoch")).isNotEqualTo(beforeRestore);
        assertHolds("alice", "bottle_joy");
        assertHolds("bob");
        assertEveryItemExactlyOnce();
    }

    @Test
    void aBackupStaysAsItWasWhileTheStateRestoredFromItIsPlayedAndFoldedSoItRestoresTheSameAgain() throws Exception {
        ok("alice", "collect_item", id("bottle_joy"));
        reopen(); // alice's file is written: the backup holds it as a file, not as a record
        String backupId = (String) admin("@reset experience CONFIRM").metadata().get("backup_id");
        assertThat(admin("@restore " + backupId + " CONFIRM").success()).isTrue();

        ok("alice", "drop_item", id("bottle_joy"));
        ok("bob", "collect_item", id("bottle_joy"));
        reopen(); // the restored state's files are replaced by what was played since
        ActionResponse again = admin("@restore " + backupId + " CONFIRM");

        assertThat(again.success()).as(again.message()).isTrue();
        assertHolds("alice", "bottle_joy");
        assertHolds("bob");
        assertEveryItemExactlyOnce();
    }

    @Test
    void aBackupsCommitLogIsFoldedIntoItsFilesInTheBackgroundAndItRestoresTheSame() throws Exception {
        ok("alice", "collect_item", id("bottle_joy")); // in the commit log only: folds run every 2 s
        String backupId = (String) admin("@reset experience CONFIRM").metadata().get("backup_id");
        Path backup = state.resolve(WOODS).resolve("backups").resolve(backupId);

        awaitCompacted();

        assertThat(backup.resolve("commits")).doesNotExist();
        assertThat(Files.readString(backup.resolve("players").resolve("alice.json"))).contains("bottle_joy");
        assertThat(admin("@restore " + backupId + " CONFIRM").success()).isTrue();
        assertHolds("alice", "bottle_joy");
        assertEveryItemExactlyOnce();
    }

    @Test
    void whatADiskHoldsRightAfterARestoreAndOneMoreActionIsTheRestoredStateWithThatAction(
            @TempDir Path image) throws Exception {
        sandbox.close();
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), state,
                new ExperienceEngine.Settings(256, 10_000, TimeUnit.HOURS.toNanos(1)));
        ok("alice", "collect_item", id("bottle_joy"));
        String backupId = (String) admin("@reset experience CONFIRM").metadata().get("backup_id");
        ok("bob", "collect_item", id("bottle_energy"));
        assertThat(admin("@restore " + backupId + " CONFIRM").success()).isTrue();
        ok("bob", "collect_item", id("bottle_nature"));

        // no fold ran since: the copy is what kill -9 would leave (every acknowledged write is synced); the
        // backups are compacted first so that no file vanishes while it is copied
        awaitCompacted();
        Folders.copy(state, image);
        sandbox.close();
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), image);

        assertHolds("alice", "bottle_joy");
        assertHolds("bob", "bottle_nature");
        assertEveryItemExactlyOnce();
    }

    /** Waits (at most 10 s) until no backup keeps a commit log: the backup thread folded each into its files. */
    private void awaitCompacted() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Stream<Path> logs = Files.find(state.resolve(WOODS).resolve("backups"), 2,
                    (path, attributes) -> path.getFileName().toString().equals("commits"))) {
                if (logs.findAny().isEmpty()) {
                    return;
                }
            }
            Thread.sleep(20);
        }
    }

    /** {@code user} carries exactly {@code items}, in that order. */
    private void assertHolds(String user, String... items) {
        assertThat(inventory(sandbox.areaOfInterest(user, WOODS))).as(user + "'s inventory")
                .extracting(i -> i.get("instance_id")).containsExactly((Object[]) items);
    }

    /** Closes the engine (its final fold writes every document) and opens the same state folder again. */
    private void reopen() throws Exception {
        sandbox.close();
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
    }

    @Test
    void aWorldResetBackupCanBeRestoredAtOnce() {
        ok("alice", "collect_item", id("bottle_joy"));
        String backupId = (String) admin("@reset world CONFIRM").metadata().get("backup_id");
        assertHolds("alice");

        ActionResponse restore = admin("@restore " + backupId + " CONFIRM");

        assertThat(restore.success()).as(restore.message()).isTrue();
        assertHolds("alice", "bottle_joy");
        assertEveryItemExactlyOnce();
    }

    @Test
    void aWorldResetBackupCarriesTheEpochOfBeforeTheReset() throws Exception {
        ok("alice", "collect_item", id("bottle_joy"));
        String before = epochOf(sandbox.areaOfInterest("alice", WOODS));
        ActionResponse reset = admin("@reset world CONFIRM");
        assertThat(reset.success()).as(reset.message()).isTrue();
        String backupId = (String) reset.metadata().get("backup_id");
        assertThat(epochOf(sandbox.areaOfInterest("alice", WOODS))).isNotEqualTo(before);
        sandbox.close(); // the final fold completes the backup
        Path epoch = state.resolve(WOODS).resolve("backups").resolve(backupId).resolve("epoch");
        assertThat(Files.readString(epoch).trim()).isEqualTo(before);
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
    }

    @Test
    void aWorldResetThatCannotStartItsNewEpochChangesNothing() throws Exception {
        ok("alice", "collect_item", id("bottle_joy"));
        String before = epochOf(sandbox.areaOfInterest("alice", WOODS));
        // the disk refuses the new epoch file: a non-empty directory where it must go
        Path epoch = state.resolve(WOODS).resolve("epoch");
        Files.delete(epoch);
        Files.createDirectories(epoch.resolve("blocked"));

        ActionResponse reset = admin("@reset world CONFIRM");

        assertThat(reset.success()).isFalse();
        assertThat(breaks()).isEmpty();
        Map<String, Object> alice = sandbox.areaOfInterest("alice", WOODS);
        assertThat(epochOf(alice)).isEqualTo(before);
        assertThat(inventory(alice)).extracting(i -> i.get("instance_id")).containsExactly("bottle_joy");
        assertEveryItemExactlyOnce();
        sandbox.close();
        Files.delete(epoch.resolve("blocked"));
        Files.delete(epoch);
        Files.writeString(epoch, before + "\n");
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
        assertHolds("alice", "bottle_joy");
        assertEveryItemExactlyOnce();
    }

    @Test
    void inTheIsolatedModelResetsKeepEachPlayersItemsExactlyOnceInTheirOwnWorld() {
        ok("alice", GROVE, "collect_item", id("firefly_1"));
        String map = "grove_map-" + ownItemSuffix("alice");
        ok("alice", GROVE, "drop_item", id(map));
        ok("bob", GROVE, "collect_item", id("firefly_1"));

        ActionResponse world = sandbox.act(Sandbox.admin("root"), GROVE, "@reset world CONFIRM", Map.of());
        assertThat(world.success()).as(world.message()).isTrue();
        assertThat(world.metadata()).containsEntry("items_returned", 2);
        assertExactlyOnceInOwnWorld("alice", "firefly_1", map);
        assertExactlyOnceInOwnWorld("bob", "firefly_1", "grove_map-" + ownItemSuffix("bob"));
        assertThat(inventory(sandbox.areaOfInterest("alice", GROVE))).isEmpty(); // the map still lies on the bench

        ok("bob", GROVE, "collect_item", id("firefly_1"));
        ActionResponse player = sandbox.act(Sandbox.admin("root"), GROVE, "@reset player bob CONFIRM", Map.of());
        assertThat(player.success()).as(player.message()).isTrue();
        assertThat(player.metadata()).containsEntry("items_returned", 1);
        assertThat(inventory(sandbox.areaOfInterest("bob", GROVE))).extracting(i -> i.get("instance_id"))
                .containsExactly("grove_map-" + ownItemSuffix("bob")); // own starting items stay
        assertExactlyOnceInOwnWorld("bob", "firefly_1", "grove_map-" + ownItemSuffix("bob"));
    }

    private ActionResponse ok(String user, String experience, String action, Map<String, Object> params) {
        ActionResponse response = sandbox.act(user, experience, action, params);
        assertThat(response.success()).as(action + ": " + response.message()).isTrue();
        return response;
    }

    /** The per-player suffix of starting items ({@code <template>-<suffix>}), read from the player's inventory. */
    private String ownItemSuffix(String user) {
        Map<String, Object> aoi = sandbox.areaOfInterest(user, GROVE);
        List<Map<String, Object>> items = inventory(aoi);
        String mapId = items.stream().map(i -> (String) i.get("instance_id")).filter(i -> i.startsWith("grove_map-"))
                .findFirst().orElse(null);
        if (mapId != null) {
            return mapId.substring("grove_map-".length());
        }
        return sandbox.engines().engine(GROVE).orElseThrow().submit(user, null, tx -> {
            String found = null;
            for (var ref : WorldQueries.allSpots(tx.worldOf(user))) {
                for (Item item : ref.spot().items) {
                    if (item.instanceId.startsWith("grove_map-")) {
                        found = item.instanceId.substring("grove_map-".length());
                    }
                }
            }
            return found;
        }).join().value();
    }

    private void assertExactlyOnceInOwnWorld(String user, String... ids) {
        Map<String, Integer> counts = sandbox.engines().engine(GROVE).orElseThrow().submit(user, null, tx -> {
            Map<String, Integer> out = new TreeMap<>();
            WorldState world = tx.worldOf(user);
            WorldQueries.allSpots(world).forEach(ref -> ref.spot().items.forEach(i -> out.merge(i.instanceId, 1, Integer::sum)));
            world.npcs.values().forEach(npc -> npc.inventory.forEach(i -> out.merge(i.instanceId, 1, Integer::sum)));
            tx.existingPlayer(user).orElseThrow().inventory.forEach(i -> out.merge(i.instanceId, 1, Integer::sum));
            return out;
        }).join().value();
        for (String id : ids) {
            assertThat(counts).as(user + " holds " + id + " exactly once").containsEntry(id, 1);
        }
        assertThat(counts.values()).as(user + ": nothing twice").allMatch(n -> n == 1);
    }

    @Test
    void aFreshStateFolderStartsANewEpochAndARestartKeepsIt() throws Exception {
        String first = epochOf(sandbox.areaOfInterest("alice", WOODS));
        assertThat(sandbox.lifecycle).anySatisfy(e -> {
            assertThat(e.experience()).isEqualTo(WOODS);
            assertThat(e.reason()).isEqualTo(ExperienceLifecycleEvent.REASON_FRESH_STATE);
        });
        sandbox.close();
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
        assertThat(epochOf(sandbox.areaOfInterest("alice", WOODS))).isEqualTo(first);
        assertThat(sandbox.lifecycle).noneMatch(e -> e.experience().equals(WOODS));
        sandbox.close();
        try (var files = Files.walk(state.resolve(WOODS))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
        assertThat(epochOf(sandbox.areaOfInterest("alice", WOODS))).isNotEqualTo(first);
    }

    @Test
    void aResetQueuedBehindOtherPlayersActionsSavesThemIntoTheOldStateAndEveryPlayerStillPlaysAfterARestart()
            throws Exception {
        List<String> players = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            players.add("racer-" + i);
            ok("racer-" + i, "go", Map.of("destination", "main_room"));
        }
        var engine = sandbox.engines().engine(WOODS).orElseThrow();
        // hold the writer so the actions, the reset and more actions all land in one batch
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        var blocker = engine.submit("root", null, tx -> {
            try {
                return release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        List<java.util.concurrent.CompletableFuture<ActionResponse>> answers = new ArrayList<>();
        for (String player : players) {
            answers.add(sandbox.actions().perform(Sandbox.player(player),
                    new io.gaia.events.ActionRequest(WOODS, "go", Map.of("destination", "reading_nook"), null)));
        }
        var reset = sandbox.actions().perform(Sandbox.admin("root"),
                new io.gaia.events.ActionRequest(WOODS, "@reset experience CONFIRM", Map.of(), null));
        for (String player : players.subList(0, players.size() / 2)) { // the other half acts only before it
            answers.add(sandbox.actions().perform(Sandbox.player(player),
                    new io.gaia.events.ActionRequest(WOODS, "go", Map.of("destination", "main_room"), null)));
        }
        release.countDown();
        blocker.join();
        assertThat(reset.join().success()).as(reset.join().message()).isTrue();
        answers.forEach(answer -> assertThat(answer.join().success()).as(answer.join().message()).isTrue());

        sandbox.close();
        try (var files = Files.walk(state)) {
            List<java.nio.file.Path> broken = files.filter(java.nio.file.Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".json")).filter(f -> {
                        try {
                            return Files.readString(f).strip().equals("null");
                        } catch (java.io.IOException e) {
                            return true;
                        }
                    }).toList();
            assertThat(broken).as("state files holding nothing").isEmpty();
        }
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
        for (String player : players) {
            ok(player, "go", Map.of("destination", "reading_nook"));
        }
        assertEveryItemExactlyOnce();
    }

    /** Lifecycle events other than the fresh-state ones every new sandbox starts with. */
    private List<ExperienceLifecycleEvent> breaks() {
        return sandbox.lifecycle.stream().filter(e -> !e.reason().equals(ExperienceLifecycleEvent.REASON_FRESH_STATE)).toList();
    }

    private static String epochOf(Map<String, Object> areaOfInterest) {
        return (String) areaOfInterest.get("epoch");
    }

    private static void assertNoPathOrClassName(ActionResponse response) {
        String text = response.message() + " " + response.metadata();
        assertThat(text).doesNotContain("/").doesNotContain("\\").doesNotContain("io.gaia").doesNotContain("Exception");
    }

    /** Counts every item instance in the world's spots, NPC keeping and all players' inventories. */
    private void assertEveryItemExactlyOnce() {
        Map<String, Integer> counts = sandbox.engines().engine(WOODS).orElseThrow().submit("root", null, tx -> {
            Map<String, Integer> out = new TreeMap<>();
            WorldState world = tx.world();
            WorldQueries.allSpots(world).forEach(ref -> ref.spot().items.forEach(i -> out.merge(i.instanceId, 1, Integer::sum)));
            world.npcs.values().forEach(npc -> npc.inventory.forEach(i -> out.merge(i.instanceId, 1, Integer::sum)));
            for (String userId : tx.playerIds()) {
                PlayerState player = tx.existingPlayer(userId).orElseThrow();
                for (Item item : player.inventory) {
                    out.merge(item.instanceId, 1, Integer::sum);
                }
            }
            return out;
        }).join().value();
        List<String> twice = new ArrayList<>();
        counts.forEach((id, n) -> {
            if (n != 1) {
                twice.add(id + " x" + n);
            }
        });
        assertThat(twice).as("items not held exactly once").isEmpty();
        assertThat(counts.keySet()).containsAll(BOTTLES);
    }
}
