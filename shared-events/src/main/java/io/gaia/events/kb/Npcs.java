package io.gaia.events.kb;

import java.util.List;

/** {@code GET /experiences/{id}/npcs}: the experience's NPCs, by id. */
public record Npcs(String experience, List<Npc> npcs) {

    public Npcs {
        npcs = npcs == null ? List.of() : npcs;
    }
}
