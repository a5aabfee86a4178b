package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.Operation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UseItemTest extends CommandTestBase {

    static final Map<String, Object> CLEARING = Map.of("lat", 37.905853, "lng", -122.546120);

    @Test
    void uncorkingABottleMakesItGlow() {
        ok("alice", "collect_item", id("bottle_joy"));
        ActionResponse response = ok("alice", "use_item", id("bottle_joy"));
        assertThat(response.message()).contains("moon glyph glows");
        assertThat(changes(response, "player")).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo(Operation.UPDATE);
            assertThat(c.instanceId()).isEqualTo("bottle_joy");
            assertThat(map(c.fields().get("state"))).containsEntry("glowing", true);
        });
    }

    @Test
    void aConsumableIsGoneAfterUseAndItsEffectReachesTheWorld() {
        ok("alice", "update_location", CLEARING);
        ok("alice", "collect_item", id("glowing_mushroom"));
        ActionResponse response = ok("alice", "use_item", id("glowing_mushroom"));
        assertThat(response.metadata()).containsEntry("consumed", true);
        assertThat(changes(response, "player")).anySatisfy(c -> assertThat(c.operation()).isEqualTo(Operation.REMOVE));
        assertThat(changes(response, "world")).singleElement().satisfies(c ->
                assertThat(c.fields()).containsEntry("oaks_awake", true));
        assertThat(inventory(sandbox.areaOfInterest("alice", WOODS))).isEmpty();
    }

    @Test
    void usingSomethingWithoutAUseIsNotUsable() {
        sandbox.act("alice", GROVE, "collect_item", id("firefly_1"));
        assertFailure(sandbox.act("alice", GROVE, "use_item", id("firefly_1")), ErrorCodes.NOT_USABLE);
    }

    @Test
    void usingSomethingYouDoNotCarryFails() {
        assertFailure(act("alice", "use_item", id("bottle_joy")), ErrorCodes.NOT_IN_INVENTORY);
    }
}
