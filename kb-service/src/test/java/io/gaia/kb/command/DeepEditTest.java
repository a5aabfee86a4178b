package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.kb.support.Sandbox;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code @edit} accepts nothing that a reader would refuse later: values nested deeper than
 * {@link GaiaJson#MAX_VALUE_DEPTH} and oversized items are refused; what is accepted stays readable
 * by the shared codec (area of interest, action response, world file) and survives a restart.
 */
class DeepEditTest extends CommandTestBase {

    /** Every reader's codec: the same depth limit session-service and chat-service apply. */
    private static final GaiaJson READER = GaiaJson.withMaxBytes(GaiaJson.DEFAULT_MAX_DOCUMENT_BYTES);

    ActionResponse admin(String line) {
        return sandbox.act(Sandbox.admin("root"), WOODS, line, Map.of());
    }

    /** {@code @edit} with its params as fields (a JSON value with quotes cannot ride in the action line). */
    ActionResponse edit(String item, String field, String value) {
        return sandbox.act(Sandbox.admin("root"), WOODS, "@edit",
                Map.of("instance_id", item, "field", field, "value", value));
    }

    @Test
    void valuesDeeperThanReadersAllowAreRefusedAndNothingChanges() throws Exception {
        Map<String, Object> before = sandbox.areaOfInterest("alice", WOODS);
        for (int depth : new int[] {63, 54, GaiaJson.MAX_VALUE_DEPTH + 1, 80}) {
            for (String value : new String[] {arrays(depth), objects(depth)}) {
                ActionResponse response = edit("bottle_joy", "state.deep", value);
                assertFailure(response, ErrorCodes.INVALID_FIELD);
                assertThat(response.message()).as("depth %d", depth)
                        .contains("nested deeper than " + GaiaJson.MAX_VALUE_DEPTH);
                assertThat(response.events()).isEmpty();
            }
        }
        assertThat(sandbox.areaOfInterest("alice", WOODS)).isEqualTo(before);
    }

    @Test
    void theDeepestAcceptedValueStaysReadableEverywhereAndAfterARestart() throws Exception {
        ok("bob", "collect_item", id("bottle_energy"));
        String deepest = objects(GaiaJson.MAX_VALUE_DEPTH);
        ActionResponse lying = edit("bottle_joy", "state.deep", deepest);
        assertThat(lying.success()).as(lying.message()).isTrue();
        ActionResponse carried = edit("bottle_energy", "state.deep", arrays(GaiaJson.MAX_VALUE_DEPTH));
        assertThat(carried.success()).as(carried.message()).isTrue();
        // what session-service and chat-service read: the action response and the areas of interest
        READER.readTree(READER.writeString(lying));
        READER.readTree(READER.writeString(sandbox.areaOfInterest("alice", WOODS)));
        READER.readTree(READER.writeString(sandbox.areaOfInterest("bob", WOODS)));

        sandbox.close();
        READER.readTree(Files.readString(state.resolve(WOODS).resolve("world.json")));
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
        assertThat(sandbox.engines().failures()).isEmpty();
        Map<String, Object> aoi = sandbox.areaOfInterest("alice", WOODS);
        assertThat(READER.writeString(aoi)).contains(deepest);
        assertThat(ok("alice", "collect_item", id("bottle_joy")).itemId()).isEqualTo("bottle_joy");
    }

    @Test
    void anEditThatWouldMakeAnItemTooLargeIsRefused() {
        String text = "\"" + "w".repeat(1_900) + "\"";
        int accepted = 0;
        ActionResponse response = null;
        for (int i = 0; i < 20; i++) {
            response = edit("bottle_joy", "state.note_" + i, text);
            if (!response.success()) {
                break;
            }
            accepted++;
        }
        assertThat(accepted).isBetween(1, AdminEdit.MAX_ITEM_BYTES / 1_900);
        assertFailure(response, ErrorCodes.INVALID_FIELD);
        assertThat(response.message()).contains(Integer.toString(AdminEdit.MAX_ITEM_BYTES));
    }

    private static String arrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String objects(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }
}
