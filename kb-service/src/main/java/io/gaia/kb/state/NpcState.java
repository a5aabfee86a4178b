package io.gaia.kb.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An NPC's changing state in a world: free-form state and the items it has been given. */
public final class NpcState {

    public Map<String, Object> state = new LinkedHashMap<>();
    public List<Item> inventory = new ArrayList<>();
}
