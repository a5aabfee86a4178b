package io.gaia.chat.intent;

import io.gaia.events.kb.Npc;
import java.util.List;
import java.util.Map;

/** What a message means in the game. Only {@link Command} and {@link Talk} ever reach kb-service. */
public sealed interface Intent {

    /**
     * A kb command to run as the user, e.g. collect_item {instance_id: bottle_joy}. {@code goFirst}
     * names the area to walk to before it, when the item lies in another area of the zone.
     */
    record Command(String action, Map<String, Object> params, Thing target, String goFirst) implements Intent {
        public Command(String action, Map<String, Object> params, Thing target) {
            this(action, params, target, null);
        }
    }

    /** Speech addressed to an NPC: kb's talk command runs, and the answer comes in the NPC's persona. */
    record Talk(Npc npc, String said) implements Intent {
    }

    /** The message names several things equally well (or none): ask, change nothing. */
    record Clarify(String question, List<Thing> options) implements Intent {
    }

    /** Not a game action: open dialogue with the narrator. */
    record Chat(String said) implements Intent {
    }
}
