package io.gaia.session.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.GaiaJson;
import io.gaia.events.StatePaths;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.session.support.KbBackedTest;
import io.gaia.testsupport.stack.OwnStack;
import io.gaia.session.support.Player;
import io.nats.client.Connection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11 over real sockets, a real kb-service and a real nats-server: admin confirmation,
 * a reset that leaves session-service healthy and every socket with exactly one resync in the new
 * epoch, resumes across epochs, a forged delta that costs a handful of snapshots at most, and a
 * kb-service restarted on a wiped state folder.
 */
@OwnStack
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorldLifecycleOverSocketsTest extends KbBackedTest {

    private static final GaiaJson JSON = GaiaJson.create();

    @Test
    @Order(1)
    void aConfirmedResetAfterFiftyPlayersLeavesEverySocketOneResyncInTheNewEpoch() throws Exception {
        List<Player> stay = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Player player = join("reset-player-" + i);
            assertThat(player.act("collect_item", "instance_id", "bottle_joy").path("success").asBoolean()).isTrue();
            assertThat(player.act("drop_item", "instance_id", "bottle_joy").path("success").asBoolean()).isTrue();
            if (i < 5) {
                stay.add(player);
            } else {
                player.close();
            }
        }
        try (Player admin = Player.joinAsAdmin(sessionUrl(), "reset-admin")) {
            String before = admin.connected.path("epoch").asString();
            assertThat(before).matches("[A-Za-z0-9_-]{1,40}");

            JsonNode preview = admin.act("@reset experience");
            assertThat(preview.path("success").asBoolean()).isFalse();
            assertThat(preview.path("code").asString()).isEqualTo("confirmation_required");
            assertThat(preview.path("metadata").path("requires_confirmation").asBoolean()).isTrue();
            assertThat(preview.path("metadata").path("confirm_with").asString()).isEqualTo("@reset experience CONFIRM");
            assertThat(preview.path("message").asString()).contains("'@reset experience CONFIRM'");
            assertThat(preview.path("metadata").path("preview").path("players").asInt()).isGreaterThanOrEqualTo(50);

            JsonNode reset = admin.act("@reset experience CONFIRM");
            assertThat(reset.path("success").asBoolean()).as(reset.toString()).isTrue();
            String epoch = reset.path("metadata").path("epoch").asString();
            assertThat(epoch).isNotEqualTo(before).matches("[A-Za-z0-9_-]{1,40}");
            assertThat(reset.path("metadata").path("backup_id").asString()).matches("reset-\\d+");
            assertThat(reset.toString()).doesNotContain("/tmp").doesNotContain("io.gaia");

            for (Player player : stay) {
                JsonNode resync = player.await(f -> isResync(f), "resync after the reset");
                assertThat(resync.path("epoch").asString()).isEqualTo(epoch);
            }
            admin.await(f -> isResync(f), "the admin's own resync");
            Thread.sleep(1_500);
            for (Player player : stay) {
                player.catchUp();
                assertThat(count(player, WorldLifecycleOverSocketsTest::isResync)).as(player.userId()).isEqualTo(1);
                assertThat(player.socket().received()).noneMatch(f -> f.toString().contains("\"reset\":true"));
            }

            assertThat(health()).isEqualTo(200);
            try (Player late = join("after-reset")) {
                assertThat(late.connected.path("epoch").asString()).isEqualTo(epoch);
                late.act("collect_item", "instance_id", "bottle_joy");
            }
            for (Player player : stay) {
                player.awaitUpdate(u -> Player.removes(u, "bottle_joy"), "the collect after the reset");
                player.assertNoSilentGap();
            }
        } finally {
            stay.forEach(Player::close);
        }
    }

    @Test
    @Order(2)
    void aResumeFromAnotherEpochGetsOneSnapshotAndNoReplay() {
        Map<String, Long> held;
        String epoch;
        try (Player first = join("resumer")) {
            first.act("collect_item", "instance_id", "bottle_energy");
            first.catchUp();
            held = first.versions();
            epoch = first.connected.path("epoch").asString();
        }
        try (Player same = Player.resume(sessionUrl(), "resumer", held, epoch)) {
            JsonNode resumed = same.await("resumed");
            assertThat(resumed.path("resync").asBoolean()).isFalse();
            assertThat(resumed.path("epoch").asString()).isEqualTo(epoch);
        }
        try (Player other = Player.resume(sessionUrl(), "resumer", held, "someOtherEpoch")) {
            JsonNode resumed = other.await("resumed");
            assertThat(resumed.path("resync").asBoolean()).isTrue();
            assertThat(resumed.path("replayed").asInt()).isZero();
            assertThat(count(other, f -> "area_of_interest".equals(Player.type(f)))).isEqualTo(1);
        }
        try (Player none = Player.resume(sessionUrl(), "resumer", held, null)) {
            assertThat(none.await("resumed").path("resync").asBoolean()).isTrue();
        }
        try (Player framed = join("resumer")) {
            framed.socket().send(Map.of("type", "resume", "versions", held, "epoch", "not an epoch!"));
            JsonNode error = framed.await("error");
            assertThat(error.path("code").asString()).isEqualTo("invalid_field");
            assertThat(error.path("field").asString()).isEqualTo("epoch");
            framed.socket().send(Map.of("type", "resume", "versions", held, "epoch", "anotherEpoch"));
            JsonNode resumed = framed.await("resumed");
            assertThat(resumed.path("resync").asBoolean()).isTrue();
            assertThat(resumed.path("epoch").asString()).isEqualTo(epoch);
        }
    }

    @Test
    @Order(3)
    void aForgedDeltaFarAheadCostsEachSocketAtMostAHandfulOfSnapshotsAndThenStops() throws Exception {
        List<Player> players = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            players.add(join("forged-" + i));
        }
        try (Connection connection = nats.connect()) {
            String epoch = players.get(0).connected.path("epoch").asString();
            long world = players.get(0).versions().get("world");
            List<Change> changes = List.of(Change.remove(StatePaths.spotItems("woander_store", "main_room", "shelf_left"),
                    "bottle_mystery", new Change.Location("woander_store", "main_room", "shelf_left")));
            for (long base : new long[] {1_000_000L, world + 5, world + 1}) {
                WorldUpdateEvent forged = WorldUpdateEvent.of(Player.WOODS, "mallory", VersionScope.WORLD, base, base + 1,
                        changes, System.currentTimeMillis(), EventMetadata.EMPTY).withEpoch(epoch).inZone("woander_store");
                connection.publish(Subjects.zoneUpdates(Player.WOODS, "woander_store"), JSON.write(forged));
            }
            connection.publish(Subjects.zoneUpdates(Player.WOODS, "woander_store"), JSON.write(WorldUpdateEvent.of(Player.WOODS,
                    "mallory", VersionScope.WORLD, world, world + 1, changes, System.currentTimeMillis(),
                    EventMetadata.EMPTY).withEpoch("forgedEpoch").inZone("woander_store")));
            connection.publish(Subjects.zoneUpdates(Player.WOODS, "woander_store"), JSON.write(WorldUpdateEvent.of(Player.WOODS,
                    "mallory", VersionScope.WORLD, world + 3, world + 2, changes, System.currentTimeMillis(),
                    EventMetadata.EMPTY).withEpoch(epoch).inZone("woander_store")));
            connection.flush(Duration.ofSeconds(2));
        }
        Thread.sleep(5_000);
        List<Integer> after5s = new ArrayList<>();
        for (Player player : players) {
            after5s.add(count(player, f -> "area_of_interest".equals(Player.type(f))));
        }
        Thread.sleep(3_000);
        for (int i = 0; i < players.size(); i++) {
            Player player = players.get(i);
            int snapshots = count(player, f -> "area_of_interest".equals(Player.type(f)));
            assertThat(snapshots).as("area_of_interest frames of " + player.userId()).isLessThanOrEqualTo(4);
            assertThat(snapshots).as("no more snapshots once it converged").isEqualTo(after5s.get(i));
            assertThat(player.socket().isClosed()).isFalse();
        }
        System.out.printf("forged deltas: area_of_interest frames per socket (incl. the first) %s%n", after5s);
        String metrics = http(sessionUrl() + "/actuator/prometheus");
        assertThat(rejected(metrics, "far_ahead")).isGreaterThanOrEqualTo(10);
        assertThat(rejected(metrics, "epoch")).isGreaterThanOrEqualTo(10);
        assertThat(rejected(metrics, "impossible")).isGreaterThanOrEqualTo(1);
        // the socket still works: a real change arrives and applies
        players.get(0).act("collect_item", "instance_id", "bottle_nature");
        for (Player player : players) {
            await().atMost(Duration.ofSeconds(10)).until(() -> player.socket().received().stream()
                    .anyMatch(f -> "world_update".equals(Player.type(f)) && Player.removes(f, "bottle_nature")));
            player.catchUp();
            player.assertNoSilentGap();
            player.close();
        }
    }

    @Test
    @Order(4)
    void kbServiceRestartedOnAWipedStateFolderStartsANewEpochAndSocketsResyncInsteadOfDesyncing() throws Exception {
        try (Player watcher = join("wipe-watcher"); Player actor = join("wipe-actor")) {
            String before = watcher.connected.path("epoch").asString();
            actor.act("collect_item", "instance_id", "bottle_mystery");
            watcher.awaitUpdate(u -> Player.removes(u, "bottle_mystery"), "collect before the wipe");

            kb.stop();
            try (Stream<Path> files = Files.walk(kbState)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (!path.equals(kbState)) {
                        Files.delete(path);
                    }
                }
            }
            kb.start();

            actor.act("go", "destination", "main_room"); // changes no world: only the lifecycle event can tell the watcher
            JsonNode resync = watcher.await(f -> isResync(f) && !before.equals(f.path("epoch").asString()),
                    "a resync in the new epoch");
            assertThat(resync.toString()).contains("bottle_mystery"); // the wiped world has the bottle back
            Thread.sleep(1_000);
            actor.act("collect_item", "instance_id", "bottle_mystery");
            watcher.awaitUpdate(u -> Player.removes(u, "bottle_mystery"), "a collect in the new epoch");
            watcher.assertNoSilentGap();
            assertThat(count(watcher, WorldLifecycleOverSocketsTest::isResync)).isLessThanOrEqualTo(2);
        }
    }

    @Test
    @Order(5)
    void aPlayerResetReachesTheAdminAndThePlayerAsOrdinaryDeltasInTheSameEpoch() {
        try (Player carrier = join("carrier"); Player admin = Player.joinAsAdmin(sessionUrl(), "player-admin")) {
            carrier.act("go", "destination", "reading_nook");
            assertThat(carrier.act("collect_item", "instance_id", "dream_journal").path("success").asBoolean()).isTrue();
            String epoch = carrier.connected.path("epoch").asString();

            JsonNode preview = admin.act("@reset player carrier");
            assertThat(preview.path("code").asString()).isEqualTo("confirmation_required");
            assertThat(preview.path("metadata").path("confirm_with").asString()).isEqualTo("@reset player carrier CONFIRM");
            JsonNode reset = admin.act("@reset player carrier CONFIRM");

            assertThat(reset.path("success").asBoolean()).as(reset.toString()).isTrue();
            assertThat(reset.path("metadata").path("items_returned").asInt()).isEqualTo(1);
            assertThat(reset.path("metadata").path("epoch").asString()).isEqualTo(epoch);
            carrier.awaitUpdate(u -> "player".equals(u.path("scope").asString()) && Player.removes(u, "dream_journal"),
                    "the journal leaving the inventory");
            carrier.awaitUpdate(u -> Player.adds(u, "dream_journal"), "the journal back in the world");
            admin.catchUp();
            assertThat(admin.worldUpdates()).noneMatch(u -> "player".equals(u.path("scope").asString())
                    && "carrier".equals(u.path("user_id").asString()));
            assertThat(count(carrier, WorldLifecycleOverSocketsTest::isResync)).isZero();
            carrier.assertNoSilentGap();
            admin.assertNoSilentGap();
        }
    }

    @Test
    @Order(6)
    void aForgedDeltaJumpingAMillionVersionsFromTheCurrentOneIsDroppedAndRealDeltasKeepFlowing() throws Exception {
        List<Player> players = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            players.add(join("jumper-" + i));
        }
        Player actor = players.get(0);
        actor.catchUp();
        long world = actor.versions().get("world");
        String epoch = actor.connected.path("epoch").asString();
        String before = http(sessionUrl() + "/actuator/prometheus");
        List<Change> changes = List.of(Change.remove(StatePaths.spotItems("woander_store", "main_room", "shelf_left"),
                "bottle_mystery", new Change.Location("woander_store", "main_room", "shelf_left")));
        try (Connection connection = nats.connect()) {
            // base = the version every socket holds right now: "next in line", but a million versions ahead
            connection.publish(Subjects.zoneUpdates(Player.WOODS, "woander_store"), JSON.write(WorldUpdateEvent.of(Player.WOODS,
                    "mallory", VersionScope.WORLD, world, world + 1_000_000, changes, System.currentTimeMillis(),
                    EventMetadata.EMPTY).withEpoch(epoch).inZone("woander_store")));
            connection.publish(Subjects.zoneUpdates(Player.WOODS, "woander_store"), JSON.write(WorldUpdateEvent.of(Player.WOODS,
                    "mallory", VersionScope.WORLD, world + 5, world + 5, changes, System.currentTimeMillis(),
                    EventMetadata.EMPTY).withEpoch(epoch).inZone("woander_store")));
            connection.flush(Duration.ofSeconds(2));
        }
        Thread.sleep(1_000);

        assertThat(actor.act("collect_item", "instance_id", "bottle_energy").path("success").asBoolean()).isTrue();

        for (Player player : players) {
            // (the actor's own act() has consumed its frames already: look in the history)
            await("the real collect after the forged delta, " + player.userId()).atMost(Duration.ofSeconds(10))
                    .until(() -> player.socket().received().stream().anyMatch(f -> "world_update".equals(Player.type(f))
                            && Player.removes(f, "bottle_energy") && f.path("base_version").asLong() == world));
            player.catchUp();
            player.assertNoSilentGap();
            assertThat(player.versions().get("world")).as(player.userId()).isEqualTo(world + 1);
            assertThat(player.socket().received()).as(player.userId())
                    .noneMatch(f -> f.path("snapshot_version").asLong() >= world + 5 && "world_update".equals(Player.type(f)));
            assertThat(count(player, f -> "area_of_interest".equals(Player.type(f)))).as("snapshots of " + player.userId())
                    .isEqualTo(1);
            player.close();
        }
        String after = http(sessionUrl() + "/actuator/prometheus");
        assertThat(rejected(after, "far_ahead") - rejected(before, "far_ahead")).isGreaterThanOrEqualTo(1);
        assertThat(rejected(after, "impossible") - rejected(before, "impossible")).isGreaterThanOrEqualTo(1);
    }

    private static boolean isResync(JsonNode frame) {
        return "area_of_interest".equals(Player.type(frame)) && frame.path("resync").asBoolean();
    }

    private static int count(Player player, java.util.function.Predicate<JsonNode> match) {
        return (int) player.socket().received().stream().filter(match).count();
    }

    private int health() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sessionUrl() + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /** An actuator path: every one but bare health needs an admin token (ActuatorAccess). */
    private static String http(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + io.gaia.testsupport.TestTokens.development().admin("metrics-reader"))
                        .build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** {@code gaia_session_deltas_rejected_total{reason="..."}} from a Prometheus scrape. */
    private static double rejected(String scrape, String reason) {
        return scrape.lines().filter(l -> l.startsWith("gaia_session_deltas_rejected_total")
                        && l.contains("reason=\"" + reason + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
