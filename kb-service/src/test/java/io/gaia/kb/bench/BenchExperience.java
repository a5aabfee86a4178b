package io.gaia.kb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a generated shared experience ({@code bench}) with {@code items} collectible tokens in
 * one area, so each load-test player can own one token and collect/drop it without contention:
 * every action then changes the shared world and a player, the most expensive kind of action.
 */
public final class BenchExperience {

    public static final String ID = "bench";

    private BenchExperience() {
    }

    public static Path write(Path experiencesDir, int items) throws IOException {
        Path dir = experiencesDir.resolve(ID);
        Files.createDirectories(dir.resolve("templates/items"));
        Files.writeString(dir.resolve("config.json"), """
                {"id": "bench", "name": "Bench", "state": {"model": "shared"},
                 "bootstrap": {"zone": "hall", "area": "floor", "inventory": []}}
                """);
        StringBuilder spots = new StringBuilder();
        int perSpot = 8;
        for (int spot = 0; spot * perSpot < items; spot++) {
            spots.append(spot == 0 ? "" : ",").append("\"spot_").append(spot).append("\": {\"items\": [");
            for (int i = spot * perSpot; i < Math.min(items, (spot + 1) * perSpot); i++) {
                spots.append(i == spot * perSpot ? "" : ",")
                        .append("{\"template_id\": \"token\", \"instance_id\": \"token_").append(i).append("\"}");
            }
            spots.append("]}");
        }
        Files.writeString(dir.resolve("world.json"), "{\"locations\": {\"hall\": {\"name\": \"Hall\", \"gps\": "
                + "{\"lat\": 1.0, \"lng\": 1.0}, \"areas\": {\"floor\": {\"name\": \"Floor\", \"spots\": {" + spots
                + "}}}}}}");
        Files.writeString(dir.resolve("waypoints.json"), "{\"waypoints\": []}");
        Files.writeString(dir.resolve("templates/items/token.json"),
                "{\"type\": \"token\", \"name\": \"Token\", \"description\": \"A brass token.\"}");
        return dir;
    }

    public static String item(int player) {
        return "token_" + player;
    }
}
