package io.gaia.reliability.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated shared experience ({@code drill}) for fault runs: one {@code token_<n>} per player,
 * which only that player moves (so every acknowledged action has one exact expected outcome), and
 * four {@code relic_<n>} that every player fights over (so conservation is checked under contention).
 * Everything lies in one zone and area, so a player's area of interest is the whole world.
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
        Path dir = experiencesDir.resolve(ID);
        Files.createDirectories(dir.resolve("templates/items"));
        Files.writeString(dir.resolve("config.json"), """
                {"id": "drill", "name": "Fault drill", "state": {"model": "shared"},
                 "bootstrap": {"zone": "hall", "area": "floor", "inventory": []}}
                """);
        StringBuilder spots = new StringBuilder("\"altar\": {\"items\": [");
        for (int r = 0; r < RELICS; r++) {
            spots.append(r == 0 ? "" : ",").append("{\"template_id\": \"relic\", \"instance_id\": \"").append(relic(r)).append("\"}");
        }
        spots.append("]}");
        for (int spot = 0; spot * PER_SPOT < players; spot++) {
            spots.append(",\"shelf_").append(spot).append("\": {\"items\": [");
            for (int i = spot * PER_SPOT; i < Math.min(players, (spot + 1) * PER_SPOT); i++) {
                spots.append(i == spot * PER_SPOT ? "" : ",")
                        .append("{\"template_id\": \"token\", \"instance_id\": \"").append(token(i)).append("\"}");
            }
            spots.append("]}");
        }
        Files.writeString(dir.resolve("world.json"), "{\"locations\": {\"hall\": {\"name\": \"Hall\", \"gps\": "
                + "{\"lat\": 1.0, \"lng\": 1.0}, \"areas\": {\"floor\": {\"name\": \"Floor\", \"spots\": {" + spots
                + "}}}}}}");
        Files.writeString(dir.resolve("waypoints.json"), "{\"waypoints\": []}");
        Files.writeString(dir.resolve("templates/items/token.json"),
                "{\"type\": \"token\", \"name\": \"Token\", \"description\": \"A brass token with a number.\"}");
        Files.writeString(dir.resolve("templates/items/relic.json"),
                "{\"type\": \"relic\", \"name\": \"Relic\", \"description\": \"Everyone wants it.\"}");
        return dir;
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
