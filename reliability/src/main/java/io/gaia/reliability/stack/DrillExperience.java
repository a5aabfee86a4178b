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
 * Everything starts in the zone {@code hall} (written by test-support {@link GeneratedExperience});
 * a second zone, {@code yard} (empty at first), is a walk away: players who walk there and drop what
 * they carry spread the world over two zones, each with its own version chain and its own deltas.
 */
public final class DrillExperience {

    public static final String ID = "drill";
    public static final String ZONE = "hall";
    public static final String AREA = "floor";
    /** The second zone, a walk from the hall. */
    public static final String YARD = "yard";
    /** Where each zone is: {lat, lng} (a waypoint of radius 50 m; the two are 1.1 km apart). */
    public static final Map<String, double[]> GPS = Map.of(ZONE, new double[] {1.0, 1.0}, YARD, new double[] {1.01, 1.0});
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
        Path dir = GeneratedExperience.writeShared(experiencesDir, ID, "Fault drill", templates,
                GeneratedExperience.spot("altar", "relic", relics), GeneratedExperience.spots("shelf_", "token", tokens, PER_SPOT));
        String world = java.nio.file.Files.readString(dir.resolve("world.json"));
        String yard = "\"" + YARD + "\": {\"name\": \"Yard\", \"gps\": {\"lat\": " + GPS.get(YARD)[0] + ", \"lng\": "
                + GPS.get(YARD)[1] + "}, \"entry_area\": \"" + AREA + "\", \"areas\": {\"" + AREA + "\": {\"name\": \"Lawn\", \"spots\": {\"bench\": {\"items\": []}}}}}";
        String trimmed = world.strip(); // {"locations": {"hall": {...}}}: the yard joins the locations, after the hall
        java.nio.file.Files.writeString(dir.resolve("world.json"),
                trimmed.substring(0, trimmed.length() - 2) + "," + yard + "}}");
        java.nio.file.Files.writeString(dir.resolve("waypoints.json"), "{\"waypoints\": [" + waypoint(ZONE) + ", "
                + waypoint(YARD) + "]}");
        return dir;
    }

    private static String waypoint(String zone) {
        return "{\"id\": \"" + zone + "_gate\", \"name\": \"" + zone + "\", \"zone\": \"" + zone + "\", \"lat\": "
                + GPS.get(zone)[0] + ", \"lng\": " + GPS.get(zone)[1] + ", \"radius_m\": 50}";
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
