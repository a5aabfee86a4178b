package io.gaia.events;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The state paths a {@link Change} can name. Built and parsed only here. */
public final class StatePaths {

    public static final String INVENTORY = "player.inventory";
    public static final String PLAYER_LOCATION = "player.location";
    public static final String GLOBAL_STATE = "world.global_state";
    /** The player's own state, set by content-defined commands: {@code update} with the keys that changed. */
    public static final String PLAYER_STATE = "player.state";

    private static final Pattern SPOT_ITEMS =
            Pattern.compile("world\\.locations\\.([^.]+)\\.areas\\.([^.]+)\\.spots\\.([^.]+)\\.items");

    private StatePaths() {
    }

    public static String spotItems(String zone, String area, String spot) {
        return "world.locations." + zone + ".areas." + area + ".spots." + spot + ".items";
    }

    public static String npc(String npcId) {
        return "world.npcs." + npcId;
    }

    public static String quest(String questId) {
        return "player.quests." + questId;
    }

    /** Zone, area and spot named by a spot-items path; {@link Change.Location#NOWHERE} for any other path. */
    public static Change.Location locationOf(String path) {
        Matcher m = SPOT_ITEMS.matcher(path == null ? "" : path);
        return m.matches() ? new Change.Location(m.group(1), m.group(2), m.group(3)) : Change.Location.NOWHERE;
    }
}
