package io.gaia.kb.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import io.gaia.kb.support.KbServiceTest;

/** The HTTP API over a real port, with a real nats-server: exact deltas, and who receives them. */
class KbHttpTest extends KbServiceTest {

    Connection listener;
    final Map<String, List<WorldUpdateEvent>> received = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeEach
    void listen() throws Exception {
        listener = nats.connect();
        Dispatcher dispatcher = listener.createDispatcher(message -> received
                .computeIfAbsent(message.getSubject(), s -> new CopyOnWriteArrayList<>())
                .add(json.read(message.getData(), WorldUpdateEvent.class)));
        dispatcher.subscribe(Subjects.ALL_WORLD_UPDATES);
        listener.flush(Duration.ofSeconds(2));
    }

    @AfterEach
    void close() throws Exception {
        listener.close();
    }

    WebTestClient.ResponseSpec action(String user, String action, Map<String, Object> params) {
        return http().post().uri("/actions").header("Authorization", "Bearer " + tokens.player(user))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("experience", WOODS, "action", action, "params", params)).exchange();
    }

    @Test
    void collectingPublishesTheWorldDeltaToEveryPlayerAndTheInventoryDeltaOnlyToTheCollector() {
        http().get().uri("/experiences/" + WOODS + "/area-of-interest")
                .header("Authorization", "Bearer " + tokens.player("bob")).exchange().expectStatus().isOk();

        // decoded with GaiaJson: WebTestClient's own mapper does not know GAIA's snake_case
        ActionResponse response = json.read(action("alice", "collect_item", Map.of("instance_id", "bottle_mystery"))
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), ActionResponse.class);

        assertThat(response.success()).isTrue();
        WorldUpdateEvent world = response.events().stream().filter(e -> e.scope() == VersionScope.WORLD).findFirst().orElseThrow();
        WorldUpdateEvent player = response.events().stream().filter(e -> e.scope() == VersionScope.PLAYER).findFirst().orElseThrow();
        assertThat(world.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("world.locations.woander_store.areas.main_room.spots.shelf_left.items");
            assertThat(c.instanceId()).isEqualTo("bottle_mystery");
        });
        assertThat(player.userId()).isEqualTo("alice");
        assertThat(map(response.metadata().get("versions"))).containsEntry("world", world.snapshotVersion().intValue())
                .containsEntry("player", player.snapshotVersion().intValue());

        String everyone = Subjects.zoneUpdates(WOODS, "woander_store");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(received.get(everyone)).contains(world);
            assertThat(received.get(Subjects.userUpdates("alice"))).contains(player);
        });
        assertThat(received.getOrDefault(Subjects.userUpdates("bob"), List.of()))
                .noneMatch(e -> e.timestamp() >= world.timestamp());
    }

    @Test
    void aSecondCollectorGets409AlreadyTaken() {
        action("alice", "collect_item", Map.of("instance_id", "bottle_energy")).expectStatus().isOk();
        action("bob", "collect_item", Map.of("instance_id", "bottle_energy"))
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.success").isEqualTo(false).jsonPath("$.code").isEqualTo(ErrorCodes.ALREADY_TAKEN);
    }

    @Test
    void edgeErrorsAreCodedErrorBodies() {
        http().post().uri("/actions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("experience", WOODS, "action", "inventory")).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.UNAUTHORIZED);
        post("/actions", "{not json").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.INVALID_JSON);
        post("/actions", "{\"experience\":\"" + WOODS + "\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.MISSING_FIELD);
        post("/actions", "{\"experience\":\"" + WOODS + "\",\"action\":\"examine\",\"params\":{\"instance_id\":\""
                + "x".repeat(100_000) + "\"}}").expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.PAYLOAD_TOO_LARGE);
        post("/actions", "{\"experience\":\"atlantis\",\"action\":\"inventory\"}").expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.UNKNOWN_EXPERIENCE);
        post("/actions", "{\"experience\":\"../../etc\",\"action\":\"inventory\"}").expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.UNKNOWN_EXPERIENCE);
        get("/experiences/..%2F..%2Fetc/commands").expectStatus().value(status -> assertThat(status).isIn(400, 404));
        get("/experiences/atlantis").expectStatus().isNotFound();
    }

    @Test
    void theErrorContractIsTheSameForEveryBadBody() {
        post("/experience/interact", "{\"experience\":\"" + WOODS + "\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.MISSING_FIELD)
                .jsonPath("$.message").value(m -> assertThat(m.toString()).contains("'message'"));
        post("/experiences/" + WOODS + "/location", "{\"lng\":0}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.MISSING_FIELD)
                .jsonPath("$.message").value(m -> assertThat(m.toString()).contains("'lat'"));
        post("/actions", "").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.INVALID_JSON);
        post("/experience/interact", "").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.INVALID_JSON);
        post("/actions", "{\"experience\":\"" + WOODS + "\",\"action\":5}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.INVALID_FIELD)
                .jsonPath("$.message").isEqualTo("field 'action' must be a string");
        post("/actions", "{\"experience\":\"" + WOODS + "\",\"action\":\"look\",\"params\":[1]}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.INVALID_FIELD)
                .jsonPath("$.message").value(m -> assertThat(m.toString()).doesNotContain("java", "io.gaia", "Coercion",
                        "ActionRequest", "`"));
    }

    @Test
    void commandFailuresCarryTheirCodeAndStatus() {
        action("alice", "@reset experience CONFIRM", Map.of()).expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.FORBIDDEN);
        action("alice", "collect_item", Map.of("instance_id", "no_such_thing")).expectStatus().isNotFound();
        action("alice", "fly_away", Map.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.UNKNOWN_ACTION);
        action("alice", "update_location", Map.of("lat", 1000, "lng", 0)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.INVALID_FIELD);
    }

    @Test
    void contentEndpointsDescribeTheExperience() {
        get("/experiences").expectStatus().isOk().expectBody()
                .jsonPath("$.experiences[?(@.id=='wylding-woods')].state_model").isEqualTo("shared")
                .jsonPath("$.experiences[?(@.id=='lantern-grove')].state_model").isEqualTo("isolated");
        get("/experiences/" + WOODS).expectStatus().isOk().expectBody()
                .jsonPath("$.zones.woander_store.gps.lat").isEqualTo(37.906512)
                .jsonPath("$.quests[0].id").isEqualTo("dream_bottles");
        get("/experiences/" + WOODS + "/commands").expectStatus().isOk().expectBody()
                .jsonPath("$.commands.collect_item.required[0]").isEqualTo("instance_id")
                .jsonPath("$.commands.give_item.properties.target_npc_id.type").isEqualTo("string")
                .jsonPath("$.commands.update_location.properties.lat.maximum").isEqualTo(90.0);
        get("/experiences/" + WOODS + "/waypoints").expectStatus().isOk().expectBody()
                .jsonPath("$.waypoints[0].zone").isEqualTo("woander_store");
        get("/experiences/" + WOODS + "/npcs").expectStatus().isOk().expectBody()
                .jsonPath("$.npcs[?(@.id=='louisa')].persona").value(p -> assertThat(p.toString()).contains("Dream Weaver"))
                .jsonPath("$.npcs[?(@.id=='woander')].location.spot_id").isEqualTo("counter");
    }

    @Test
    void areaOfInterestAndLocation() {
        get("/experiences/" + WOODS + "/area-of-interest").expectStatus().isOk().expectBody()
                .jsonPath("$.zone.id").isEqualTo("woander_store")
                .jsonPath("$.player.current_area").isEqualTo("main_room")
                .jsonPath("$.areas.main_room.spots.fairy_door.npcs[0].npc_id").isEqualTo("louisa")
                .jsonPath("$.versions.world").isNumber()
                .jsonPath("$.snapshot_version").isNumber();
        http().post().uri("/experiences/" + WOODS + "/location").header("Authorization", "Bearer " + tokens.player("walker"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("lat", 37.905853, "lng", -122.546120))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.zone.id").isEqualTo("clearing")
                .jsonPath("$.player.current_area").isEqualTo("glade");
        http().post().uri("/experiences/" + WOODS + "/location").header("Authorization", "Bearer " + tokens.player("walker"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("lat", 91, "lng", 0))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.INVALID_FIELD);
    }

    @Test
    void interactMapsAPhraseOntoACommand() {
        http().post().uri("/experience/interact").header("Authorization", "Bearer " + tokens.player("poet"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("experience", WOODS, "message", "Please take the bottle of nature"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.action").isEqualTo("collect_item")
                .jsonPath("$.item_id").isEqualTo("bottle_nature")
                .jsonPath("$.metadata.interpreted.params.instance_id").isEqualTo("bottle_nature");
    }

    @Test
    void longUserIdsAreAnsweredWithDocumentedCodesNeverAServerError() {
        String longId = "p".repeat(300);
        action(longId, "go", Map.of("destination", "reading_nook")).expectStatus().isOk().expectBody()
                .jsonPath("$.success").isEqualTo(true);
        String admin = "Bearer " + tokens.admin("root");
        http().get().uri("/admin/experiences/" + WOODS + "/players/" + longId).header("Authorization", admin)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.player.user_id").isEqualTo(longId);
        http().get().uri("/admin/experiences/" + WOODS + "/players/" + "q".repeat(257)).header("Authorization", admin)
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.NOT_FOUND);
        http().get().uri("/admin/experiences/" + WOODS + "/players/" + "q".repeat(600)).header("Authorization", admin)
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.INVALID_FIELD);
        http().post().uri("/actions").header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("experience", WOODS, "action", "@where " + "z".repeat(300)))
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.NOT_FOUND);
        http().post().uri("/actions").header("Authorization", "Bearer " + tokens.player("q".repeat(600)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("experience", WOODS, "action", "inventory"))
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo(ErrorCodes.UNAUTHORIZED);
    }

    @Test
    void aMalformedExperienceIdIsAnUnknownExperience() {
        get("/experiences/Wylding-Woods/area-of-interest").expectStatus().isNotFound().expectBody()
                .jsonPath("$.code").isEqualTo(ErrorCodes.UNKNOWN_EXPERIENCE);
    }

    @Test
    void adminStateNeedsAnAdminToken() {
        get("/admin/experiences/" + WOODS + "/state").expectStatus().isForbidden();
        http().get().uri("/admin/experiences/" + WOODS + "/state").header("Authorization", "Bearer " + tokens.admin("root"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.world.metadata._version").isNumber()
                .jsonPath("$.world.locations.woander_store.name").isEqualTo("Woander's Magical Shop");
    }

    @Test
    void theWorldUpdatesStreamExistsAndHealthShowsEachExperience() throws Exception {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            StreamInfo info = listener.jetStreamManagement().getStreamInfo(Subjects.WORLD_UPDATES_STREAM);
            assertThat(info.getConfiguration().getSubjects()).containsExactly(Subjects.ALL_WORLD_UPDATES);
        });
        http().get().uri("/actuator/health/details").header("Authorization", "Bearer " + tokens.admin("ops"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.experiences.details.experiences.wylding-woods.state").isEqualTo("loaded")
                .jsonPath("$.components.experiences.details.experiences.lantern-grove.model").isEqualTo("isolated");
    }

    private WebTestClient.ResponseSpec get(String uri) {
        return http().get().uri(uri).header("Authorization", "Bearer " + tokens.player("reader")).exchange();
    }

    private WebTestClient.ResponseSpec post(String uri, String body) {
        return http().post().uri(uri).header("Authorization", "Bearer " + tokens.player("poster"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
