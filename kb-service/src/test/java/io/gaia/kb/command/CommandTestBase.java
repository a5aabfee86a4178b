package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.Change;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.kb.support.Sandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Commands against the repository's real content, real engine and real state files, without Spring or NATS. */
abstract class CommandTestBase {

    static final String WOODS = "wylding-woods";
    static final String GROVE = "lantern-grove";

    @TempDir
    Path state;
    Sandbox sandbox;

    @BeforeEach
    void startSandbox() throws Exception {
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
    }

    @AfterEach
    void closeSandbox() {
        sandbox.close();
    }

    ActionResponse act(String user, String action, Map<String, Object> params) {
        return sandbox.act(user, WOODS, action, params);
    }

    ActionResponse ok(String user, String action, Map<String, Object> params) {
        ActionResponse response = act(user, action, params);
        assertThat(response.success()).as("%s %s: %s", action, params, response.message()).isTrue();
        return response;
    }

    static void assertFailure(ActionResponse response, String code) {
        assertThat(response.success()).as(response.message()).isFalse();
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.message()).isNotBlank();
    }

    /** The only change of the response's event for {@code scope} ("world"/"player"). */
    static List<Change> changes(ActionResponse response, String scope) {
        return response.events().stream().filter(e -> e.scope().wireName().equals(scope))
                .flatMap(e -> e.changes().stream()).toList();
    }

    static WorldUpdateEvent event(ActionResponse response, String scope) {
        return response.events().stream().filter(e -> e.scope().wireName().equals(scope)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> inventory(Map<String, Object> areaOfInterest) {
        return (List<Map<String, Object>>) ((Map<String, Object>) areaOfInterest.get("player")).get("inventory");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> spotItems(Map<String, Object> aoi, String area, String spot) {
        Map<String, Object> areas = (Map<String, Object>) aoi.get("areas");
        Map<String, Object> spots = (Map<String, Object>) ((Map<String, Object>) areas.get(area)).get("spots");
        return (List<Map<String, Object>>) ((Map<String, Object>) spots.get(spot)).get("items");
    }

    static Map<String, Object> id(String instanceId) {
        return Map.of("instance_id", instanceId);
    }

    /** A metadata value as the wire has it (a record kb-service put there, as the JSON object it is written as). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> || value == null ? (Map<String, Object>) value
                : WIRE.mapper().convertValue(value, Map.class);
    }

    static final io.gaia.events.GaiaJson WIRE = io.gaia.events.GaiaJson.create();
}
