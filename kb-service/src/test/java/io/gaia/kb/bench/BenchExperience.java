package io.gaia.kb.bench;

import io.gaia.testsupport.GeneratedExperience;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

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
        return write(experiencesDir, ID, items);
    }

    /** Another experience of the same shape (for benchmarks over several experiences). */
    public static Path write(Path experiencesDir, String id, int items) throws IOException {
        return GeneratedExperience.write(experiencesDir, id, items, PER_SPOT, "A brass token.");
    }

    /** {@code bench} for one experience, else {@code bench-1 .. bench-<count>}. */
    public static List<String> ids(int count) {
        return count == 1 ? List.of(ID) : IntStream.rangeClosed(1, count).mapToObj(i -> ID + "-" + i).toList();
    }

    public static String item(int player) {
        return "token_" + player;
    }
}
