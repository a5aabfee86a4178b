package io.gaia.reliability.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * One experience's state reduced to what the fault checks compare: where every item is (a world
 * spot, an NPC's keeping, a player's inventory) and every document's version. Built from kb-service's
 * admin endpoints or straight from its state files.
 */
public record WorldSnapshot(long worldVersion, Map<String, Long> zoneVersions, Map<String, String> placed,
                            Map<String, List<String>> npcHeld, Map<String, Player> players) {

    /** A player's document: its version, inventory and the zone they stand in. */
    public record Player(long version, List<String> inventory, String zone) {
    }

    /** The version of one zone's world chain (what a client standing there holds). */
    public long zoneVersion(String zone) {
        return zoneVersions.getOrDefault(zone, 0L);
    }

    /** The items lying in one zone (what a client standing there sees). */
    public Map<String, String> placedIn(String zone) {
        Map<String, String> out = new TreeMap<>();
        placed.forEach((id, where) -> {
            if (where.startsWith(zone + "/")) {
                out.put(id, where);
            }
        });
        return out;
    }

    /** From a world document ({@code locations{zone{areas{area{spots{spot{items[]}}}}}}, npcs{}, metadata{_version}}). */
    static WorldSnapshot of(JsonNode world, Map<String, JsonNode> playerDocs) {
        Map<String, String> placed = new TreeMap<>();
        Map<String, List<String>> misplaced = new TreeMap<>();
        for (var zone : world.path("locations").properties()) {
            for (var area : zone.getValue().path("areas").properties()) {
                for (var spot : area.getValue().path("spots").properties()) {
                    for (JsonNode item : spot.getValue().path("items")) {
                        String where = zone.getKey() + "/" + area.getKey() + "/" + spot.getKey();
                        String id = item.path("instance_id").asString();
                        if (placed.putIfAbsent(id, where) != null) {
                            misplaced.computeIfAbsent(id, k -> new java.util.ArrayList<>()).add(where);
                        }
                    }
                }
            }
        }
        Map<String, List<String>> npcHeld = new TreeMap<>();
        for (var npc : world.path("npcs").properties()) {
            npcHeld.put(npc.getKey(), ids(npc.getValue().path("inventory")));
        }
        // an item lying in two spots at once is a conservation failure: keep it visible to the check
        misplaced.forEach((id, extra) -> npcHeld.computeIfAbsent("(duplicate in world)", k -> new java.util.ArrayList<>())
                .addAll(extra.stream().map(w -> id).toList()));
        Map<String, Player> players = new LinkedHashMap<>();
        playerDocs.forEach((user, doc) -> players.put(user,
                new Player(doc.path("metadata").path("_version").asLong(), ids(doc.path("inventory")),
                        doc.path("current_location").asString(""))));
        Map<String, Long> zoneVersions = new TreeMap<>();
        world.path("metadata").path("_zone_versions").properties()
                .forEach(zone -> zoneVersions.put(zone.getKey(), zone.getValue().asLong()));
        return new WorldSnapshot(world.path("metadata").path("_version").asLong(), zoneVersions, placed, npcHeld,
                players);
    }

    private static List<String> ids(JsonNode items) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode item : items) {
            out.add(item.path("instance_id").asString());
        }
        return out;
    }

    /** Conservation: each expected item exists exactly once across the world, NPCs and all inventories. */
    public List<String> conservationProblems(List<String> expected) {
        Map<String, Integer> count = new TreeMap<>();
        placed.keySet().forEach(id -> count.merge(id, 1, Integer::sum));
        npcHeld.values().forEach(ids -> ids.forEach(id -> count.merge(id, 1, Integer::sum)));
        players.values().forEach(p -> p.inventory().forEach(id -> count.merge(id, 1, Integer::sum)));
        List<String> problems = new java.util.ArrayList<>();
        for (String id : expected) {
            int n = count.getOrDefault(id, 0);
            if (n != 1) {
                problems.add(id + " exists " + n + " times");
            }
        }
        Set<String> known = Set.copyOf(expected);
        count.keySet().stream().filter(id -> !known.contains(id)).forEach(id -> problems.add(id + " appeared from nowhere"));
        return problems;
    }

    public boolean holds(String user, String item) {
        Player player = players.get(user);
        return player != null && player.inventory().contains(item);
    }
}
