package io.gaia.chat.kb;

/** An NPC of an experience as kb-service describes it; {@code persona} is the voice to answer in. */
public record Npc(String id, String name, String description, String persona) {

    public String displayName() {
        return name == null || name.isBlank() ? id : name;
    }
}
