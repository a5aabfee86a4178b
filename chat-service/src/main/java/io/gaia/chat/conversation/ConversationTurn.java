package io.gaia.chat.conversation;

import io.gaia.events.WorldUpdateEvent;
import java.util.List;
import java.util.Map;

/**
 * One side of one exchange. A user turn holds what the player said; an assistant turn holds the
 * narrative, the command that ran (if any) with its result, and the world updates it delivered.
 */
public record ConversationTurn(
        String role,
        String content,
        long timestamp,
        String action,
        Map<String, Object> result,
        List<WorldUpdateEvent> worldUpdates) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public ConversationTurn {
        worldUpdates = worldUpdates == null ? List.of() : List.copyOf(worldUpdates);
    }

    public static ConversationTurn user(String text) {
        return new ConversationTurn(USER, text, System.currentTimeMillis(), null, null, List.of());
    }
}
