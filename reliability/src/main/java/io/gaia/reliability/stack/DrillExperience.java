package io.gaia.reliability.stack;

import io.gaia.testsupport.GeneratedExperience;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A generated shared experience ({@code drill}) for fault runs: one {@code token_<n>} per player,
 * which only that player moves (so every acknowledged action has one exact expected outcome), and
 * four {@code relic_<n>} that every player fights over (so conservation is checked under contention).
 * Everything lies in one zone and area, so a player's area of interest is the whole world
 * (written by test-support {@link GeneratedExperience}).
 */
public final class DrillExperience {

    public static final String ID = "drill";
    public static final String ZONE = "hall";
    public static final String AREA = "floor";
    public static final int RELICS = 4;
    private static final int PER_SPOT = 10;

    private DrillExperience() {
    }

    public static Path write(Path experiencesDir, int players) throws IOException {
        List<String> relics = IntStream.range(0, RELICS).mapToObj(DrillExperience::relic).toList();
        List<String> tokens = IntStream.range(0, players).mapToObj(DrillExperience::token).toList();
        Map<String, String> templates = new LinkedHashMap<>();
        templates.put("token", "A brass token with a number.");
        templates.put("relic", "Everyone wants it.");
        return GeneratedExperience.writeShared(experiencesDir, ID, "Fault drill", templates,
                GeneratedExperience.spot("altar", "relic", relics), GeneratedExperience.spots("shelf_", "token", tokens, PER_SPOT));
    }

    /** Every item instance the world starts with; conservation says each exists exactly once, always. */
    public static List<String> items(int players) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            all.add(token(i));
        }
        for (int r = 0; r < RELICS; r++) {
            all.add(relic(r));
        }
        return all;
    }

    public static String token(int player) {
        return "token_" + player;
    }

    public static String relic(int n) {
        return "relic_" + n;
    }

    public static String user(int player) {
        return "drill-" + player;
    }
}
