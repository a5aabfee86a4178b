package io.gaia.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.GaiaJson;
import io.gaia.events.StatePaths;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The foundation's first integration test: deltas travel over a real nats-server, to their owner only. */
class WorldUpdatesOverNatsTest {

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    private final GaiaJson json = GaiaJson.create();

    private static WorldUpdateEvent jasonTakesJoy() {
        Change.Location spot = new Change.Location("woander_store", "main_room", "shelf");
        return WorldUpdateEvent.of("wylding-woods", "jason", VersionScope.PLAYER, 3, 4, List.of(
                        Change.remove(StatePaths.spotItems("woander_store", "main_room", "shelf"), "bottle_joy", spot),
                        Change.add(StatePaths.INVENTORY, "bottle_joy", Change.Location.NOWHERE,
                                Map.of("instance_id", "bottle_joy", "template_id", "bottle_joy"))),
                System.currentTimeMillis(), new EventMetadata("test", "shared", "req-42"));
    }

    @Test
    void aDeltaPublishedOnAUserSubjectArrivesIntact() throws Exception {
        try (Connection publisher = nats.connect(); Connection subscriber = nats.connect()) {
            Subscription sub = subscriber.subscribe(Subjects.userUpdates("jason"));
            subscriber.flush(Duration.ofSeconds(2));
            WorldUpdateEvent sent = jasonTakesJoy();

            publisher.publish(Subjects.userUpdates("jason"), json.write(sent));

            Message received = sub.nextMessage(Duration.ofSeconds(2));
            assertThat(received).isNotNull();
            assertThat(json.read(received.getData(), WorldUpdateEvent.class)).isEqualTo(sent);
        }
    }

    @Test
    void playersNamedLikeWildcardsReceiveNothingOfAnotherPlayers() throws Exception {
        try (Connection publisher = nats.connect(); Connection attacker = nats.connect()) {
            List<Subscription> hostile = List.of("*", ">", "a.>", "jason.*", "", " ", "jason ").stream()
                    .filter(id -> !id.isEmpty())
                    .map(id -> attacker.subscribe(Subjects.userUpdates(id)))
                    .toList();
            attacker.flush(Duration.ofSeconds(2));

            publisher.publish(Subjects.userUpdates("jason"), json.write(jasonTakesJoy()));
            publisher.publish(Subjects.userUpdates("a.b"), json.write(jasonTakesJoy()));
            publisher.flush(Duration.ofSeconds(2));

            for (Subscription sub : hostile) {
                assertThat(sub.nextMessage(Duration.ofMillis(200))).as(sub.getSubject()).isNull();
            }
        }
    }

    @Test
    void theServerCanBeStoppedAndStartedAgainOnTheSameUrl() throws Exception {
        String url = nats.url();
        nats.stop();
        assertThat(nats.isRunning()).isFalse();
        nats.start();
        assertThat(nats.url()).isEqualTo(url);
        try (Connection conn = nats.connect()) {
            assertThat(conn.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            // core messaging works again: a delta published after the restart is received intact
            Subscription sub = conn.subscribe(Subjects.userUpdates("jason"));
            conn.flush(Duration.ofSeconds(2));
            WorldUpdateEvent sent = jasonTakesJoy();
            conn.publish(Subjects.userUpdates("jason"), json.write(sent));
            Message received = sub.nextMessage(Duration.ofSeconds(2));
            assertThat(received).isNotNull();
            assertThat(json.read(received.getData(), WorldUpdateEvent.class)).isEqualTo(sent);
            // and so does JetStream: a stream made now stores what is published to it
            conn.jetStreamManagement().addStream(io.nats.client.api.StreamConfiguration.builder()
                    .name("RESTART_CHECK").subjects("restart.check").build());
            conn.jetStream().publish("restart.check", new byte[] {1});
            assertThat(conn.jetStreamManagement().getStreamInfo("RESTART_CHECK").getStreamState().getMsgCount()).isEqualTo(1);
        }
    }
}
