package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.GaiaJson;
import io.gaia.kb.bench.BenchExperience;
import io.gaia.kb.support.Sandbox;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kb-service builds the area of interest of a 10,000-item zone quickly, and it fits the documented read limit. */
class BigZoneAreaOfInterestTest {

    @TempDir
    Path experiences;
    @TempDir
    Path state;

    @Test
    void aTenThousandItemAreaOfInterestIsBuiltInMillisecondsAndFitsTheReadLimit() throws Exception {
        BenchExperience.write(experiences, 10_000);
        try (Sandbox sandbox = new Sandbox(experiences, state)) {
            assertThat(sandbox.engines().failures()).isEmpty();
            sandbox.areaOfInterest("alice", BenchExperience.ID); // creates the player
            long[] millis = new long[7];
            io.gaia.events.kb.AreaOfInterest area = null;
            for (int i = 0; i < millis.length; i++) {
                long start = System.nanoTime();
                area = sandbox.areaOfInterestRecord("alice", BenchExperience.ID);
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(millis);
            int bytes = GaiaJson.create().write(area).length;
            System.out.printf("area of interest of 10,000 items: %d bytes, built in %d ms (median of 7, max %d ms)%n",
                    bytes, millis[3], millis[6]);
            assertThat(area.items()).hasSize(10_000);
            assertThat(new String(GaiaJson.create().write(area))).contains("token_0", "token_9999");
            assertThat(bytes).isBetween(1_000_000, GaiaJson.DEFAULT_MAX_DOCUMENT_BYTES / 4);
            assertThat(millis[3]).isLessThan(500);
        }
    }

    @Test
    void aPhraseAnswerInATenThousandItemZoneOffersAtMostTwentySuggestions() throws Exception {
        BenchExperience.write(experiences, 10_000);
        try (Sandbox sandbox = new Sandbox(experiences, state)) {
            io.gaia.events.ActionResponse answer = sandbox.interact("alice", BenchExperience.ID, "juggle the moon");

            assertThat(answer.code()).isEqualTo(io.gaia.events.ErrorCodes.UNKNOWN_ACTION);
            assertThat((java.util.List<?>) answer.metadata().get("available_actions")).hasSize(20);
        }
    }
}
