package io.gaia.chat.narrative;

import io.gaia.chat.conversation.ConversationTurn;
import io.gaia.chat.intent.Intent;
import io.gaia.chat.intent.WorldView;
import io.gaia.events.ActionResponse;
import java.util.List;

/**
 * Everything a narrator may use for one turn: what the player said, what it meant, what kb-service
 * answered (null when no command ran), the world around the player and the conversation so far.
 */
public record Narration(
        Kind kind,
        String message,
        Intent intent,
        ActionResponse result,
        WorldView world,
        List<ConversationTurn> history,
        TurnActions actions) {

    public enum Kind {
        /** A command ran; tell what happened. Short, so the fast model. */
        ACTION,
        /** Speech to an NPC; answer in the NPC's persona. */
        TALK,
        /** Open dialogue with the narrator. */
        CHAT,
        /** Ask which thing the player meant. */
        CLARIFY
    }

    public boolean dialogue() {
        return kind == Kind.TALK || kind == Kind.CHAT;
    }
}
