package io.gaia.kb.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.events.ActionResponse;
import io.gaia.events.Subjects;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.support.nats.NatsConnection;
import io.gaia.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import io.gaia.kb.support.KbServiceTest;

/** With NATS gone, actions still succeed and are saved; publishing fails fast, is counted, and resumes when NATS returns. */
@TestPropertySource(properties = {"gaia.kb.publish.minimum-calls=4", "gaia.kb.publish.open-wait=1s"})
class NatsDownTest extends KbServiceTest {

    @Autowired
    MeterRegistry meters;
    @Autowired
    NatsConnection connection;
    @Autowired
    NatsDeltaSink sink;

    @Test
    void actionsSucceedAndAreSavedWhileNatsIsDownAndDeltasFlowAgainWhenItReturns() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(connection::isConnected);
        double shortCircuitedBefore = shortCircuited();
        nats.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !connection.isConnected());

        for (String bottle : List.of("bottle_joy", "bottle_energy", "bottle_nature", "bottle_mystery")) {
            ActionResponse collected = act("alice", "collect_item", bottle);
            assertThat(collected.success()).isTrue();
            assertThat(collected.events()).isNotEmpty();
            assertThat(act("alice", "drop_item", bottle).success()).isTrue();
        }
        assertThat(act("alice", "collect_item", "bottle_joy").success()).isTrue();
        double failed = meters.find("gaia.kb.deltas.failed").counters().stream().mapToDouble(c -> c.count()).sum();
        assertThat(failed).isGreaterThanOrEqualTo(9);
        // the circuit opened: later deltas were refused at once instead of each waiting on a dead connection
        assertThat(shortCircuited() - shortCircuitedBefore).isGreaterThanOrEqualTo(1);
        http().get().uri("/actuator/health/details").header("Authorization", "Bearer " + TestTokens.development().admin("ops"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.nats.status").isEqualTo("DEGRADED")
                .jsonPath("$.components.experiences.details.publish_circuit").isEqualTo("OPEN");
        // durable regardless of NATS: bob finds the bottle gone
        assertThat(act("bob", "collect_item", "bottle_joy").code()).isEqualTo("already_taken");

        nats.start();
        await().atMost(Duration.ofSeconds(15)).until(connection::isConnected);
        List<WorldUpdateEvent> received = new CopyOnWriteArrayList<>();
        try (Connection listener = nats.connect()) {
            listener.createDispatcher(m -> received.add(json.read(m.getData(), WorldUpdateEvent.class)))
                    .subscribe(Subjects.zoneUpdates(WOODS, "woander_store"));
            listener.flush(Duration.ofSeconds(2));
            boolean[] holding = {true};
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                assertThat(act("alice", holding[0] ? "drop_item" : "collect_item", "bottle_joy").success()).isTrue();
                holding[0] = !holding[0];
                assertThat(received).isNotEmpty();
                // a few successful publishes in HALF_OPEN close the circuit again
                assertThat(sink.circuitState().name()).isEqualTo("CLOSED");
            });
        }
    }

    private double shortCircuited() {
        return meters.get("gaia.kb.deltas.failed").tag("reason", "circuit_open").counter().count();
    }


    private ActionResponse act(String user, String action, String item) {
        String body = http().post().uri("/actions").header("Authorization", "Bearer " + tokens.player(user))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("experience", WOODS, "action", action, "params", Map.of("instance_id", item)))
                .exchange().expectBody(String.class).returnResult().getResponseBody();
        return json.read(body, ActionResponse.class);
    }
}
