package io.gaia.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a generated shared experience for size tests: one zone ({@code hall}), one area
 * ({@code floor}), {@code items} collectible tokens ({@code token_0}...) in spots of 100 (or {@code perSpot}), all made
 * from one template whose {@code description} sets how large each item is on the wire.
 */
public final class GeneratedExperience {

    private static final int PER_SPOT = 100;

    private GeneratedExperience() {
    }

    public static Path write(Path experiencesDir, String id, int items, String description) throws IOException {
        return write(experiencesDir, id, items, PER_SPOT, description);
    }

    /** As {@link #write(Path, String, int, String)}, with {@code perSpot} tokens in each spot. */
    public static Path write(Path experiencesDir, String id, int items, int perSpot, String description) throws IOException {
        Path dir = experiencesDir.resolve(id);
        Files.createDirectories(dir.resolve("templates/items"));
        Files.writeString(dir.resolve("config.json"), "{\"id\": \"" + id + "\", \"name\": \"Generated\", \"state\": "
                + "{\"model\": \"shared\"}, \"bootstrap\": {\"zone\": \"hall\", \"area\": \"floor\", \"inventory\": []}}");
        StringBuilder spots = new StringBuilder();
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
                "{\"type\": \"token\", \"name\": \"Token\", \"description\": \"" + description + "\"}");
        return dir;
    }
}
