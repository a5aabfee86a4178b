package io.gaia.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.CodecException;
import io.gaia.events.GaiaJson;
import io.gaia.events.WorldUpdateEvent;

/**
 * The event codec (shared-events' {@link GaiaJson}) reading arbitrary bytes as a
 * {@link WorldUpdateEvent}, an {@link ActionRequest} and an {@link ActionResponse}: it either
 * returns a record or throws {@link CodecException} with a documented code — nothing else — and
 * whatever it accepts survives a write and a second read unchanged (also in the v0.3 shape).
 */
class EventCodecFuzzTest {

    private static final GaiaJson JSON = GaiaJson.create();

    @FuzzTest(maxDuration = "10s")
    void readingAnyBytesYieldsARecordOrACodecError(byte[] input) {
        WorldUpdateEvent event = readOrNull(input, WorldUpdateEvent.class);
        if (event != null) {
            byte[] written = JSON.write(event);
            assertThat(JSON.read(written, WorldUpdateEvent.class)).isEqualTo(event);
            for (String legacy : JSON.writeLegacy(event)) {
                assertThat(JSON.read(legacy, WorldUpdateEvent.class).experience()).isEqualTo(event.experience());
            }
        }
        ActionRequest request = readOrNull(input, ActionRequest.class);
        if (request != null) {
            assertThat(JSON.read(JSON.write(request), ActionRequest.class)).isEqualTo(request);
        }
        readOrNull(input, ActionResponse.class);
        try {
            JSON.readTree(new String(input, java.nio.charset.StandardCharsets.UTF_8));
        } catch (CodecException expected) {
            Codes.assertDocumented(expected.code());
        }
    }

    private static <T> T readOrNull(byte[] input, Class<T> type) {
        try {
            return JSON.read(input, type);
        } catch (CodecException expected) {
            Codes.assertDocumented(expected.code());
            return null;
        }
    }
}
