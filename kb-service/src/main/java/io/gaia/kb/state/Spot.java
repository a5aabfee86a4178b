package io.gaia.kb.state;

import java.util.ArrayList;
import java.util.List;

/** A place inside an area that holds items and at most one NPC. */
public final class Spot {

    public String name;
    public String description;
    public List<Item> items = new ArrayList<>();
    public String npc;
}
