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
}
