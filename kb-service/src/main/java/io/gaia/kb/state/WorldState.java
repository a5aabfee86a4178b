package io.gaia.kb.state;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A world: {@code locations{zone{areas{area{spots{spot{items[], npc}}}}}}, npcs{}, global_state{},
 * metadata{_version}}. The shared world of an experience, or one player's private world in the
 * isolated model. Mutated only by its experience's writer thread.
 */
public final class WorldState {

    /** The members' names in the stored document (snake case), for commit records that carry parts of it. */
    public static final String LOCATIONS = "locations";
    public static final String NPCS = "npcs";
    public static final String GLOBAL_STATE = "global_state";
    public static final String METADATA = "metadata";

    public Map<String, Zone> locations = new LinkedHashMap<>();
    public Map<String, NpcState> npcs = new LinkedHashMap<>();
    public Map<String, Object> globalState = new LinkedHashMap<>();
    public DocMetadata metadata = new DocMetadata();
}
