package io.gaia.kb.bench;

import io.gaia.testsupport.GeneratedExperience;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A generated shared experience ({@code bench}, test-support {@link GeneratedExperience}) with
 * {@code items} collectible tokens in one area, so each load-test player can own one token and
 * collect/drop it without contention: every action then changes the shared world and a player, the
 * most expensive kind of action.
 */
public final class BenchExperience {

    public static final String ID = "bench";
    private static final int PER_SPOT = 8;

    private BenchExperience() {
    }

    public static Path write(Path experiencesDir, int items) throws IOException {
        return GeneratedExperience.write(experiencesDir, ID, items, PER_SPOT, "A brass token.");
    }

    public static String item(int player) {
        return "token_" + player;
    }
}
