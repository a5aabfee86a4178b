package io.gaia.kb.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.kb.support.Sandbox;
import io.gaia.kb.world.ExperienceEngine;
import io.gaia.testsupport.NatsTestServer;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** With the journal in JetStream, an action is acknowledged only once JetStream accepted its record. */
class JournalOutageTest {

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    @TempDir
    Path state;

    @BeforeEach
    void emptyJetStream() throws Exception {
        try (Connection nc = nats.connect()) {
            for (String stream : nc.jetStreamManagement().getStreamNames()) {
                nc.jetStreamManagement().deleteStream(stream);
            }
        }
    }

    @Test
    void whenNatsStopsTheActionFailsAsUnconfirmedWithAClearErrorAndIsNeverAcknowledged() throws Exception {
        try (Connection nc = nats.connect(); Sandbox sandbox = aliceHoldingTheJoyBottle(nc, Duration.ofSeconds(2))) {
            nats.stop();
            long start = System.nanoTime();
            ActionResponse refused = sandbox.act("bob", "wylding-woods", "collect_item",
                    Map.of("instance_id", "bottle_mystery"));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(refused.success()).isFalse();
            assertThat(refused.code()).isEqualTo(ErrorCodes.COMMIT_UNCONFIRMED);
            assertThat(refused.message()).contains("journal").doesNotContain("/").doesNotContain("Exception");
            assertThat(tookMs).as("bounded by the journal timeout").isLessThan(10_000);
            assertThat(sandbox.engines().failures()).containsKey("wylding-woods");
        } finally {
            nats.start();
        }
    }

    @Test
    void whenNatsComesBackWithinTheAppendWindowTheActionIsAcknowledgedAndTheExperienceKeepsServing() throws Exception {
        try (Connection nc = nats.connect(); Sandbox sandbox = aliceHoldingTheJoyBottle(nc, Duration.ofSeconds(20))) {
            nats.stop();
            CompletableFuture<ActionResponse> pending = CompletableFuture.supplyAsync(() -> sandbox.act("bob",
                    "wylding-woods", "collect_item", Map.of("instance_id", "bottle_mystery")));
            Thread.sleep(1_500);
            assertThat(pending).as("not answered while NATS is away").isNotDone();
            nats.start();

            ActionResponse late = pending.get(30, TimeUnit.SECONDS);
            assertThat(late.success()).as(late.message()).isTrue();
            assertThat(sandbox.engines().failures()).as("the experience never stopped").isEmpty();
            assertThat(sandbox.act("bob", "wylding-woods", "drop_item",
                    Map.of("instance_id", "bottle_mystery", "spot_id", "counter")).success()).isTrue();
        }
    }

    /**
     * One kb-service instance over {@code nc} with the journal in JetStream (a PubAck timeout of 1 s, appends
     * sent again for {@code appendWindow}), after alice collected the bottle of joy.
     */
    private Sandbox aliceHoldingTheJoyBottle(Connection nc, Duration appendWindow) throws Exception {
        JetStreamJournals.Settings settings = new JetStreamJournals.Settings(1, Duration.ofSeconds(30), 100,
                Duration.ofSeconds(1), Duration.ofSeconds(5), appendWindow);
        Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state,
                new ExperienceEngine.Settings(256, 10_000, TimeUnit.MINUTES.toNanos(10)),
                new JetStreamJournals(() -> Optional.of(nc), settings, GaiaJson.create().mapper()));
        assertThat(sandbox.act("alice", "wylding-woods", "collect_item", Map.of("instance_id", "bottle_joy"))
                .success()).isTrue();
        return sandbox;
    }
}
