package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.state.Area;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.Zone;
import io.gaia.kb.world.Tx;
import java.util.Map;

/** {@code go {destination}}: move to another area of your zone. Other zones are reached by walking (update_location). */
public final class Go implements Command {

    public static final CommandSpec SPEC = CommandSpec.player("go",
            "Move to another area of the zone you are in.",
            Param.id("destination", "The area to go to, e.g. main_room"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        PlayerState player = tx.player();
        String destination = context.params().text("destination");
        Zone zone = tx.world().locations.get(player.currentLocation);
        Area area = zone == null ? null : zone.areas.get(destination);
        if (area == null) {
            if (tx.world().locations.containsKey(destination)) {
                throw new GameError(ErrorCodes.NOT_IN_REACH, "'" + destination
                        + "' is another place; walk there to enter it.");
            }
            throw new GameError(ErrorCodes.NOT_FOUND, "There is no '" + destination + "' here.");
        }
        Map<String, Object> where = Map.of("zone_id", player.currentLocation, "area_id", destination);
        if (destination.equals(player.currentArea)) {
            return CommandResult.of("You are already in " + area.name + ".", where);
        }
        tx.moveTo(player, player.currentLocation, destination);
        java.util.List<io.gaia.events.kb.QuestUpdate> quests = io.gaia.kb.quest.QuestHooks.afterVisit(tx, player, tx.world());
        Map<String, Object> metadata = new java.util.LinkedHashMap<>(where);
        QuestReport.add(metadata, quests);
        return CommandResult.of(QuestReport.messages("You go to " + area.name + ". " + area.description, quests),
                metadata);
    }
}
