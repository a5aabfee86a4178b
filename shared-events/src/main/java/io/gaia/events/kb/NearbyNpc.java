package io.gaia.events.kb;

/** An NPC standing in a spot of an area of interest ({@code npc_id}, and its name and description when known). */
public record NearbyNpc(String npcId, String name, String description) {
}
