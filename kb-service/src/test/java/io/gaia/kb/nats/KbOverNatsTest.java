package io.gaia.kb.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.support.kb.KbClient;
import io.gaia.support.kb.KbException;
import io.gaia.support.nats.NatsConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.events.kb.InteractRequest;
import io.gaia.events.kb.Npc;
import io.gaia.kb.support.KbServiceTest;

/**
 * The services' path to kb-service: the shared {@link KbClient} against a real kb-service and a real
 * nats-server, every operation, kb's own refusals, and what happens while nobody serves an experience.
 */
class KbOverNatsTest extends KbServiceTest {

    static final Duration SHORT_WINDOW = Duration.ofMillis(1500);

    static NatsConnection connection;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Autowired
    KbResponder responder;

    @BeforeAll
    static void connect() {
        connection = KbClients.connect(nats.url());
    }

    @AfterAll
    static void disconnect() throws Exception {
        connection.destroy();
    }

    @AfterEach
    void serveAgain() {
        responder.serve(WOODS);
    }

    KbClient kb() {
        return KbClients.client(connection, SHORT_WINDOW, KbClients.SIXTEEN_MIB, meters);
    }

    @Test
    void anActionRunsAsTheTokensUserAndAnswersWithItsDeltasAndVersions() {
        ActionResponse response = kb().action(new ActionRequest(WOODS, "collect_item",
                Map.of("instance_id", "bottle_mystery"), "nats-collect-1"), tokens.player("ana")).block();
        assertThat(response.success()).isTrue();
        assertThat(response.events()).isNotEmpty();
        assertThat(response.events()).allSatisfy(event ->
                assertThat(event.metadata().requestId()).isEqualTo("nats-collect-1"));
        assertThat(response.metadata()).containsKey("versions");
        assertThat(meters.get("gaia.kb.client.requests").tag("operation", "action").tag("outcome", "ok").timer()
                .count()).isEqualTo(1);
    }

    @Test
    void aRepeatedRequestIdAnswersTheFirstAnswerAgainAndRunsNothing() {
        ActionRequest collect = new ActionRequest(WOODS, "collect_item", Map.of("instance_id", "bottle_joy"), "nats-once-1");
        ActionResponse first = kb().action(collect, tokens.player("bea")).block();
        ActionResponse repeat = kb().action(collect, tokens.player("bea")).block();
        ActionResponse another = kb().action(new ActionRequest(WOODS, "collect_item", Map.of("instance_id", "bottle_joy"),
                "nats-once-2"), tokens.player("bea")).block();

        assertThat(first.success()).isTrue();
        assertThat(repeat).isEqualTo(first);
        assertThat(another.success()).isFalse();
        assertThat(another.code()).isEqualTo(ErrorCodes.ALREADY_TAKEN);
    }

    @Test
    void aRefusedActionIsAnAnswerWithKbsCodeNotAFailure() {
        ActionResponse response = kb().action(new ActionRequest(WOODS, "collect_item",
                Map.of("instance_id", "no_such_thing"), null), tokens.player("ana")).block();
        assertThat(response.success()).isFalse();
        assertThat(response.code()).isEqualTo(ErrorCodes.NOT_FOUND);
    }

    @Test
    void aPhraseRunsTheCommandItNamesAndAnOverlongOneIsRefusedAsOverHttp() {
        ActionResponse response = kb().interact(new InteractRequest("take the bottle of nature", WOODS),
                tokens.player("dee"), "nats-phrase-1").block();
        assertThat(response.success()).as(response.message()).isTrue();
        assertThat(response.action()).isEqualTo("collect_item");
        assertThat(response.events()).allSatisfy(event ->
                assertThat(event.metadata().requestId()).isEqualTo("nats-phrase-1"));
        assertThatThrownBy(() -> kb().interact(new InteractRequest("take ".repeat(300), WOODS), tokens.player("dee"),
                null).block()).isInstanceOfSatisfying(KbException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_FIELD);
                    assertThat(e.status().value()).isEqualTo(400);
                });
        assertThatThrownBy(() -> kb().interact(new InteractRequest("take the bottle of joy", "another-experience"),
                tokens.player("dee"), null).block()).isInstanceOf(KbException.class);
    }

    @Test
    void theAreaOfInterestAndALocationUpdateAnswerWithThePlayersSurroundings() {
        AreaOfInterest area = kb().areaOfInterest(WOODS, tokens.player("bea")).block();
        assertThat(area.versions().world()).isNotNull();
        assertThat(area.zone()).isNotNull();
        assertThat(area.items()).isNotEmpty();
        AreaOfInterest moved = kb().updateLocation(WOODS, 37.906512, -122.547045, tokens.player("bea")).block();
        assertThat(moved.versions().player()).isGreaterThanOrEqualTo(area.versions().player());
        assertThat(moved.zone()).isNotNull();
    }

    @Test
    void aLocationOutsideTheGlobeIsRefusedWithKbsCodeAndStatus() {
        assertThatThrownBy(() -> kb().updateLocation(WOODS, 1000, 0, tokens.player("bea")).block())
                .isInstanceOfSatisfying(KbException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_FIELD);
                    assertThat(e.status().value()).isEqualTo(400);
                });
    }

    @Test
    void contentQueriesAnswerCommandsNpcsWaypointsAndInfo() {
        String token = tokens.player("cy");
        assertThat(kb().commands(WOODS, token).block().commands().get("collect_item").required())
                .containsExactly("instance_id");
        assertThat(kb().npcs(WOODS, token).block().npcs()).extracting(Npc::id).contains("louisa");
        assertThat(kb().waypoints(WOODS, token).block().experience()).isEqualTo(WOODS);
        assertThat(kb().info(WOODS, token).block().zones()).containsKey("woander_store");
    }

    @Test
    void aBadOrMissingTokenIsUnauthorizedAsOverHttp() {
        assertThatThrownBy(() -> kb().commands(WOODS, "not-a-jwt").block())
                .isInstanceOfSatisfying(KbException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.UNAUTHORIZED);
                    assertThat(e.status().value()).isEqualTo(401);
                });
        assertThatThrownBy(() -> kb().action(new ActionRequest(WOODS, "inventory", Map.of(), null), null).block())
                .isInstanceOfSatisfying(KbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.UNAUTHORIZED));
    }

    @Test
    void anAdminCommandNeedsAnAdminTokenOverNatsToo() {
        ActionResponse response = kb().action(new ActionRequest(WOODS, "@reset experience CONFIRM", Map.of(), null),
                tokens.player("dee")).block();
        assertThat(response.code()).isEqualTo(ErrorCodes.FORBIDDEN);
    }

    @Test
    void anUnknownExperienceIsUnknownAtOnceNotAfterTheRetryWindow() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> kb().areaOfInterest("atlantis", tokens.player("eve")).block())
                .isInstanceOfSatisfying(KbException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.UNKNOWN_EXPERIENCE);
                    assertThat(e.status().value()).isEqualTo(404);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHORT_WINDOW);
    }

    @Test
    void aRequestBodyAboveTheLimitIsRefusedAsTooLarge() {
        Map<String, Object> huge = Map.of("instance_id", "x".repeat(300 * 1024));
        assertThatThrownBy(() -> kb().action(new ActionRequest(WOODS, "collect_item", huge, null),
                tokens.player("fay")).block())
                .isInstanceOfSatisfying(KbException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PAYLOAD_TOO_LARGE);
                    assertThat(e.status().value()).isEqualTo(413);
                });
    }

    @Test
    void whileNobodyServesTheExperienceACallIsRetriedThenFailsAsUpstreamUnavailable() {
        responder.stop(WOODS);
        long start = System.nanoTime();
        assertThatThrownBy(() -> kb().areaOfInterest(WOODS, tokens.player("gus")).block())
                .isInstanceOfSatisfying(KbException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.UPSTREAM_UNAVAILABLE);
                    assertThat(e.status().value()).isEqualTo(503);
                });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(SHORT_WINDOW, SHORT_WINDOW.plusSeconds(1));
        assertThat(meters.get("gaia.kb.client.requests").tag("outcome", ErrorCodes.UPSTREAM_UNAVAILABLE).timer()
                .count()).isEqualTo(1);
    }

    @Test
    void aKbServiceThatStartsServingWithinTheRetryWindowAnswersTheWaitingCall() throws Exception {
        responder.stop(WOODS);
        KbClient patient = KbClients.client(connection, Duration.ofSeconds(5), KbClients.SIXTEEN_MIB, meters);
        CompletableFuture<AreaOfInterest> area = patient.areaOfInterest(WOODS, tokens.player("hal")).toFuture();
        Thread.sleep(1000);
        assertThat(area).isNotDone();
        responder.serve(WOODS);
        assertThat(area.get(5, TimeUnit.SECONDS).versions().world()).isNotNull();
    }
}
