package io.gaia.session.scaleout;

import static io.gaia.session.support.Player.removes;
import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.session.support.Player;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.stack.GaiaStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two session-service processes share nothing but NATS: a player on each sees the other's bottle vanish. */
class TwoInstancesIT {

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    private static GaiaStack stack;
    private static ServiceProcess east;
    private static ServiceProcess west;

    @BeforeAll
    static void start() throws Exception {
        stack = GaiaStack.builder().nats(nats).sessions(2).start();
        east = stack.session(0);
        west = stack.session(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPlayerOnEachInstanceSeesTheOthersBottleVanish() {
        try (Player alice = Player.join(east.url(), "alice-east"); Player bob = Player.join(west.url(), "bob-west")) {
            assertThat(alice.act("go", "destination", "main_room").path("success").asBoolean()).isTrue();
            assertThat(bob.act("go", "destination", "main_room").path("success").asBoolean()).isTrue();

            assertThat(alice.act("collect_item", "instance_id", "bottle_joy").path("success").asBoolean()).isTrue();
            bob.awaitUpdate(u -> removes(u, "bottle_joy"), "bottle_joy vanishing on the other instance");

            assertThat(bob.act("collect_item", "instance_id", "bottle_nature").path("success").asBoolean()).isTrue();
            alice.awaitUpdate(u -> removes(u, "bottle_nature"), "bottle_nature vanishing on the other instance");

            alice.assertNoSilentGap();
            bob.assertNoSilentGap();
        }
    }

    @Test
    void playersOfOneZoneOnBothInstancesSeeItsChangesAndNoOtherZones() {
        try (Player shopper = Player.join(east.url(), "shopper-east"); Player browser = Player.join(west.url(), "browser-west");
             Player camper = Player.join(west.url(), "camper-west"); Player ranger = Player.join(east.url(), "ranger-east")) {
            walkToTheClearing(camper);
            walkToTheClearing(ranger);
            assertThat(shopper.act("go", "destination", "main_room").path("success").asBoolean()).isTrue();

            assertThat(shopper.act("collect_item", "instance_id", "bottle_mystery").path("success").asBoolean()).isTrue();
            browser.awaitUpdate(u -> removes(u, "bottle_mystery"), "the shop's change on the other instance");
            assertThat(ranger.act("collect_item", "instance_id", "bottle_dusk").path("success").asBoolean()).isTrue();
            camper.awaitUpdate(u -> removes(u, "bottle_dusk"), "the clearing's change on the other instance");

            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            browser.catchUp();
            camper.catchUp();
            assertThat(browser.worldUpdates()).noneMatch(u -> u.toString().contains("bottle_dusk"));
            assertThat(camper.worldUpdates()).noneMatch(u -> u.toString().contains("bottle_mystery"));
            for (Player player : new Player[] {shopper, browser, camper, ranger}) {
                player.assertNoSilentGap();
            }
            shopper.act("drop_item", "instance_id", "bottle_mystery");
            ranger.act("drop_item", "instance_id", "bottle_dusk");
        }
    }

    private static void walkToTheClearing(Player player) {
        player.socket().send(java.util.Map.of("type", "update_location", "lat", 37.905853, "lng", -122.546120));
        player.await(f -> "area_of_interest".equals(Player.type(f)) && "clearing".equals(f.path("zone").path("id").asString()),
                "the clearing's snapshot");
    }
}
