package io.gaia.kb.command;

import io.gaia.kb.experience.Waypoint;
import io.gaia.kb.state.Gps;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.Zone;
import io.gaia.events.kb.ActionMetadata;
import io.gaia.kb.world.AreaOfInterest;
import io.gaia.kb.world.Tx;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code update_location {lat, lng}}: the nearest waypoint within its radius puts the player in
 * its zone (at the zone's entry area). Staying in the same zone keeps the area the player is in.
 * Answers with the area of interest ({@code metadata.area_of_interest}).
 */
public final class UpdateLocation implements Command {

    public static final CommandSpec SPEC = CommandSpec.player("update_location",
            "Report your GPS position; you enter the zone of the nearest waypoint within its radius.",
            Param.number("lat", "Latitude in degrees", -90, 90),
            Param.number("lng", "Longitude in degrees", -180, 180));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        PlayerState player = tx.player();
        Gps here = new Gps(context.params().number("lat"), context.params().number("lng"));
        Optional<Waypoint> nearest = tx.content().waypoints().stream()
                .filter(w -> w.gps().distanceTo(here) <= w.radiusM())
                .min(Comparator.comparingDouble(w -> w.gps().distanceTo(here)));
        String message;
        java.util.List<io.gaia.events.kb.QuestUpdate> quests = java.util.List.of();
        if (nearest.isEmpty()) {
            message = "Nothing of this experience is near you.";
        } else if (nearest.get().zone().equals(player.currentLocation)) {
            message = "You are at " + zoneName(tx, player.currentLocation) + ".";
        } else {
            String zoneId = nearest.get().zone();
            Zone zone = tx.world().locations.get(zoneId);
            tx.moveTo(player, zoneId, entryArea(zone));
            quests = io.gaia.kb.quest.QuestHooks.afterVisit(tx, player, tx.world());
            message = QuestReport.messages("You arrive at " + zone.name + ".", quests);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        QuestReport.add(metadata, quests);
        metadata.put("nearby", nearest.isPresent());
        nearest.ifPresent(w -> metadata.put("waypoint_id", w.id()));
        metadata.put(ActionMetadata.AREA_OF_INTEREST, AreaOfInterest.build(tx));
        return CommandResult.of(message, metadata);
    }

    private static String entryArea(Zone zone) {
        if (zone.entryArea != null) {
            return zone.entryArea;
        }
        return zone.areas.keySet().stream().findFirst().orElse(null);
    }

    private static String zoneName(Tx tx, String zoneId) {
        Zone zone = tx.world().locations.get(zoneId);
        return zone == null ? zoneId : zone.name;
    }
}
