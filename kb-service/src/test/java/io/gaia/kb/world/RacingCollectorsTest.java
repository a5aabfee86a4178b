package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.NpcState;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.support.Sandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many players at once against one shared world: atomic check-and-change, items conserved. */
class RacingCollectorsTest {

    static final String WOODS = "wylding-woods";
    static final List<String> ITEMS = List.of("bottle_mystery", "bottle_energy", "bottle_joy", "bottle_nature");

    @TempDir
    Path state;
    Sandbox sandbox;
    ExecutorService threads = Executors.newFixedThreadPool(32);

    @BeforeEach
    void start() throws Exception {
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        sandbox.close();
    }

    @Test
    void ofAHundredPlayersCollectingTheSameBottleAtOnceExactlyOneSucceeds() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<ActionResponse>> racers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String user = "racer-" + i;
            racers.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                return sandbox.actions().perform(Sandbox.player(user),
                        new ActionRequest(WOODS, "collect_item", Map.of("instance_id", "bottle_joy"), null)).join();
            }, threads));
        }
        go.countDown();
        List<ActionResponse> results = racers.stream().map(CompletableFuture::join).toList();

        assertThat(results).filteredOn(ActionResponse::success).hasSize(1);
        assertThat(results).filteredOn(r -> !r.success()).hasSize(99)
                .allSatisfy(r -> assertThat(r.code()).isEqualTo(ErrorCodes.ALREADY_TAKEN));
        assertThat(census()).containsEntry("bottle_joy", 1);
    }

    @Test
    void underARandomStormOfCollectsDropsAndGiftsEveryItemStillExistsExactlyOnce() throws Exception {
        List<CompletableFuture<ActionResponse>> all = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            String user = "storm-" + p;
            Random random = new Random(p);
            all.add(CompletableFuture.supplyAsync(() -> {
                ActionResponse last = null;
                for (int i = 0; i < 25; i++) {
                    String item = ITEMS.get(random.nextInt(ITEMS.size()));
                    String action = switch (random.nextInt(3)) {
                        case 0 -> "collect_item";
                        case 1 -> "drop_item";
                        default -> "give_item";
                    };
                    Map<String, Object> params = action.equals("give_item")
                            ? Map.of("instance_id", item, "target_npc_id", random.nextBoolean() ? "louisa" : "woander")
                            : Map.of("instance_id", item);
                    last = sandbox.actions().perform(Sandbox.player(user), new ActionRequest(WOODS, action, params, null)).join();
                }
                return last;
            }, threads));
        }
        all.forEach(CompletableFuture::join);

        Map<String, Integer> census = census();
        ITEMS.forEach(item -> assertThat(census).containsEntry(item, 1));
    }

    /** How many copies of each item exist: in spots, NPC keeping and every player's inventory. */
    private Map<String, Integer> census() {
        ExperienceEngine engine = sandbox.engines().engine(WOODS).orElseThrow();
        return engine.submit("census", null, tx -> {
            Map<String, Integer> counts = new HashMap<>();
            WorldQueries.allSpots(tx.world()).forEach(s -> s.spot().items.forEach(i -> counts.merge(i.instanceId, 1, Integer::sum)));
            for (NpcState npc : tx.world().npcs.values()) {
                npc.inventory.forEach(i -> counts.merge(i.instanceId, 1, Integer::sum));
            }
            for (String user : tx.playerIds()) {
                PlayerState player = tx.existingPlayer(user).orElseThrow();
                for (Item item : player.inventory) {
                    counts.merge(item.instanceId, 1, Integer::sum);
                }
            }
            return counts;
        }).join().value();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
