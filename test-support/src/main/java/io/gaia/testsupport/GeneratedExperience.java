package io.gaia.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Writes generated shared experiences for size, load and fault tests: one zone ({@code hall}) with
 * one area ({@code floor}) whose spots hold the items. The simplest holds {@code items} collectible
 * tokens ({@code token_0}...) in spots of 100, all made from one template whose {@code description}
 * sets how large each item is on the wire; {@link #writeShared} with {@link #spot}/{@link #spots}
 * composes others (the reliability drill, the kb bench).
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
        List<String> tokens = IntStream.range(0, items).mapToObj(i -> "token_" + i).toList();
        return writeShared(experiencesDir, id, "Generated", Map.of("token", description), spots("spot_", "token", tokens, perSpot));
    }

    /**
     * Writes the shared experience {@code id}: one item template per entry of {@code templates}
     * (type to description) and the area's {@code spots}, fragments made by {@link #spot} or {@link #spots}.
     */
    public static Path writeShared(Path experiencesDir, String id, String name, Map<String, String> templates, String... spots)
            throws IOException {
        Path dir = experiencesDir.resolve(id);
        Files.createDirectories(dir.resolve("templates/items"));
        Files.writeString(dir.resolve("config.json"), "{\"id\": \"" + id + "\", \"name\": \"" + name + "\", \"state\": "
                + "{\"model\": \"shared\"}, \"bootstrap\": {\"zone\": \"hall\", \"area\": \"floor\", \"inventory\": []}}");
        String area = Stream.of(spots).filter(s -> !s.isEmpty()).collect(Collectors.joining(","));
        Files.writeString(dir.resolve("world.json"), "{\"locations\": {\"hall\": {\"name\": \"Hall\", \"gps\": "
                + "{\"lat\": 1.0, \"lng\": 1.0}, \"entry_area\": \"floor\", \"areas\": {\"floor\": {\"name\": \"Floor\", \"spots\": {" + area
                + "}}}}}}");
        Files.writeString(dir.resolve("waypoints.json"), "{\"waypoints\": []}");
        for (Map.Entry<String, String> template : templates.entrySet()) {
            String type = template.getKey();
            Files.writeString(dir.resolve("templates/items/" + type + ".json"), "{\"type\": \"" + type + "\", \"name\": \""
                    + Character.toUpperCase(type.charAt(0)) + type.substring(1) + "\", \"description\": \"" + template.getValue() + "\"}");
        }
        return dir;
    }

    /**
     * Writes the shared experience {@code id} as a town of {@code zones} zones ({@code zone_0}, ...), a
     * kilometre apart on a line (each with a waypoint of radius 50 m at its GPS position, {@link #townGps}),
     * each with one area ({@code floor}) whose spot {@code altar} holds {@code itemsPerZone} collectible
     * tokens ({@link #townItem}). Players start in {@code zone_0}.
     */
    public static Path writeTown(Path experiencesDir, String id, int zones, int itemsPerZone) throws IOException {
        return writeTown(experiencesDir, id, zones, 1, itemsPerZone, "zone");
    }

    /**
     * As {@link #writeTown(Path, String, int, int)}, with {@code areasPerZone} areas in each zone
     * ({@link #townArea}: {@code floor}, {@code floor_1}, ...), each with a spot {@code altar} holding
     * {@code itemsPerArea} tokens ({@link #townItem(int, int, int)}), and config.json's
     * {@code state.interest} set to {@code interest} ({@code zone} or {@code area}). The town also has
     * the command {@code ring} (no params): it sets the global flag {@code bell_rung} to true, a change
     * visible everywhere.
     */
    public static Path writeTown(Path experiencesDir, String id, int zones, int areasPerZone, int itemsPerArea,
                                 String interest) throws IOException {
        Path dir = experiencesDir.resolve(id);
        Files.createDirectories(dir.resolve("templates/items"));
        Files.createDirectories(dir.resolve("game-logic"));
        Files.writeString(dir.resolve("config.json"), "{\"id\": \"" + id + "\", \"name\": \"Town\", \"state\": "
                + "{\"model\": \"shared\", \"interest\": \"" + interest + "\"}, \"bootstrap\": {\"zone\": \"zone_0\", "
                + "\"area\": \"floor\", \"inventory\": []}}");
        List<String> locations = new ArrayList<>();
        List<String> waypoints = new ArrayList<>();
        for (int z = 0; z < zones; z++) {
            int zone = z;
            double[] gps = townGps(zone);
            String at = "{\"lat\": " + gps[0] + ", \"lng\": " + gps[1] + "}";
            List<String> areas = new ArrayList<>();
            for (int a = 0; a < areasPerZone; a++) {
                int area = a;
                List<String> items = IntStream.range(0, itemsPerArea).mapToObj(n -> townItem(zone, area, n)).toList();
                areas.add("\"" + townArea(area) + "\": {\"name\": \"Area " + area + "\", \"spots\": {"
                        + spot("altar", "token", items) + "}}");
            }
            locations.add("\"zone_" + zone + "\": {\"name\": \"Zone " + zone + "\", \"gps\": " + at
                    + ", \"entry_area\": \"floor\", \"areas\": {" + String.join(",", areas) + "}}");
            waypoints.add("{\"id\": \"gate_" + zone + "\", \"name\": \"Zone " + zone + "\", \"zone\": \"zone_" + zone
                    + "\", \"lat\": " + gps[0] + ", \"lng\": " + gps[1] + ", \"radius_m\": 50}");
        }
        Files.writeString(dir.resolve("world.json"), "{\"locations\": {" + String.join(",", locations) + "}}");
        Files.writeString(dir.resolve("waypoints.json"), "{\"waypoints\": [" + String.join(",", waypoints) + "]}");
        Files.writeString(dir.resolve("templates/items/token.json"),
                "{\"type\": \"token\", \"name\": \"Token\", \"description\": \"A brass token.\"}");
        Files.writeString(dir.resolve("game-logic/ring.md"), """
                ---
                command: ring
                aliases: [ring the bell]
                description: Ring the town bell; everyone hears it.
                ---
                # Ringing the bell

                ```json
                {"outcomes": [{"effects": [{"set_global_state": {"bell_rung": true}}], "message": "The bell rings over the town."}]}
                ```
                """);
        return dir;
    }

    /** The {@code a}th area of each zone of a {@link #writeTown} town: {@code floor}, then {@code floor_1}, ... */
    public static String townArea(int a) {
        return a == 0 ? "floor" : "floor_" + a;
    }

    /** The {@code n}th item lying in area {@code area} of zone {@code zone} of a {@link #writeTown} town. */
    public static String townItem(int zone, int area, int n) {
        return area == 0 ? townItem(zone, n) : "item_" + zone + "_" + area + "_" + n;
    }

    /** Where zone {@code zone} of a {@link #writeTown} town is: {lat, lng}. */
    public static double[] townGps(int zone) {
        return new double[] {10.0 + zone * 0.01, 10.0};
    }

    /** The {@code n}th item lying in zone {@code zone} of a {@link #writeTown} town. */
    public static String townItem(int zone, int n) {
        return "item_" + zone + "_" + n;
    }

    /** One spot {@code name} holding the items {@code instanceIds}, all of {@code template}. */
    public static String spot(String name, String template, List<String> instanceIds) {
        return "\"" + name + "\": {\"items\": [" + instanceIds.stream()
                .map(id -> "{\"template_id\": \"" + template + "\", \"instance_id\": \"" + id + "\"}")
                .collect(Collectors.joining(",")) + "]}";
    }

    /** Spots {@code <prefix>0}, {@code <prefix>1}, ... holding {@code instanceIds}, {@code perSpot} to a spot. */
    public static String spots(String prefix, String template, List<String> instanceIds, int perSpot) {
        List<String> spots = new ArrayList<>();
        for (int spot = 0; spot * perSpot < instanceIds.size(); spot++) {
            spots.add(spot(prefix + spot, template,
                    instanceIds.subList(spot * perSpot, Math.min(instanceIds.size(), (spot + 1) * perSpot))));
        }
        return String.join(",", spots);
    }
}
