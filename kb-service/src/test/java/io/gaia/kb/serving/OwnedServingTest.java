package io.gaia.kb.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.events.GaiaJson;
import io.gaia.kb.api.KbApi;
import io.gaia.kb.nats.KbRequests;
import io.gaia.kb.nats.KbResponder;
import io.gaia.kb.support.Sandbox;
import io.gaia.support.nats.NatsConnection;
import io.gaia.support.nats.NatsProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ownership listener's order of things, on real engines (file journal) and a real responder (its
 * NATS is never connected here: what it serves is the set it would subscribe; subscribing is
 * KbOverNatsTest's business): served only once open, unserved at once on release, and a release while
 * opening never serves and leaves the engine closed.
 */
class OwnedServingTest {

    static final String WOODS = "wylding-woods";

    @TempDir
    Path state;
    Sandbox sandbox;
    NatsConnection nats;
    KbResponder responder;
    OwnedServing serving;

    @BeforeEach
    void start() throws Exception {
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
        sandbox.engines().openOnlyWhenAsked();
        sandbox.engines().close(WOODS); // opened by the sandbox's first load: owned by nobody yet
        nats = new NatsConnection(new NatsProperties("nats://127.0.0.1:9", Duration.ofMillis(100),
                Duration.ofSeconds(60), "owned-serving-test"), "owned-serving-test");
        responder = new KbResponder(nats, new KbRequests(new KbApi(sandbox.catalog(), sandbox.actions()), null,
                GaiaJson.create(), 1024), GaiaJson.create());
        serving = new OwnedServing(sandbox.engines(), responder);
    }

    @AfterEach
    void stop() throws Exception {
        serving.close();
        responder.close();
        nats.destroy();
        sandbox.close();
    }

    @Test
    void anAcquiredExperienceIsServedOnceItsEngineIsOpen() {
        assertThat(sandbox.engines().engine(WOODS)).isEmpty();
        serving.acquired(WOODS, 7);
        await().atMost(Duration.ofSeconds(20)).until(() -> responder.served().contains(WOODS));
        assertThat(sandbox.engines().engine(WOODS)).isPresent();
        assertThat(sandbox.act("ana", WOODS, "go", java.util.Map.of("destination", "main_room")).success()).isTrue();
    }

    @Test
    void theExperiencesCountsKeepGrowingAcrossAReleaseAndANewLease() {
        serving.acquired(WOODS, 7);
        await().atMost(Duration.ofSeconds(20)).until(() -> responder.served().contains(WOODS));
        assertThat(sandbox.act("ana", WOODS, "go", java.util.Map.of("destination", "main_room")).success()).isTrue();
        long first = sandbox.engines().total(WOODS, stats -> stats.commits.sum());
        serving.released(WOODS);
        await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.engines().engine(WOODS).isEmpty());
        assertThat(sandbox.engines().total(WOODS, stats -> stats.commits.sum())).isEqualTo(first);
        assertThat(sandbox.engines().queueDepth(WOODS)).isZero();

        serving.acquired(WOODS, 9);
        await().atMost(Duration.ofSeconds(20)).until(() -> responder.served().contains(WOODS));
        assertThat(sandbox.act("ana", WOODS, "go", java.util.Map.of("destination", "reading_nook")).success()).isTrue();
        assertThat(first).isPositive();
        assertThat(sandbox.engines().total(WOODS, stats -> stats.commits.sum())).isGreaterThan(first);
    }

    @Test
    void aReleasedExperienceIsUnservedAtOnceAndItsEngineClosed() {
        serving.acquired(WOODS, 7);
        await().atMost(Duration.ofSeconds(20)).until(() -> responder.served().contains(WOODS));
        serving.released(WOODS);
        assertThat(responder.served()).doesNotContain(WOODS);
        await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.engines().engine(WOODS).isEmpty());
        assertThat(serving.owned()).isEmpty();
    }

    @Test
    void aReleaseWhileOpeningNeverServesAndLeavesTheEngineClosed() throws Exception {
        serving.acquired(WOODS, 7);
        serving.released(WOODS);
        serving.close(); // runs what was queued: the open (skipped or completed), then the close
        assertThat(responder.served()).doesNotContain(WOODS);
        assertThat(sandbox.engines().engine(WOODS)).isEmpty();
    }

    @Test
    void aNewLeaseAfterAReleaseServesAgainWithTheStateKept() {
        serving.acquired(WOODS, 7);
        await().atMost(Duration.ofSeconds(20)).until(() -> responder.served().contains(WOODS));
        sandbox.act("ana", WOODS, "go", java.util.Map.of("destination", "main_room"));
        assertThat(sandbox.act("ana", WOODS, "collect_item", java.util.Map.of("instance_id", "bottle_joy")).success())
                .isTrue();
        serving.released(WOODS);
        serving.acquired(WOODS, 9);
        await().atMost(Duration.ofSeconds(20)).until(() -> responder.served().contains(WOODS)
                && sandbox.engines().engine(WOODS).isPresent());
        assertThat(sandbox.areaOfInterestRecord("ana", WOODS).player().inventory())
                .as("the bottle ana took is still hers after the reopen")
                .anySatisfy(item -> assertThat(item.toString()).contains("bottle_joy"));
    }
}
