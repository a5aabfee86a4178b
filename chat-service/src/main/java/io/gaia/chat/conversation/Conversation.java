package io.gaia.chat.conversation;

import java.util.List;

/** A conversation and its turns, oldest first. Only {@code userId} may read or continue it. */
public record Conversation(String conversationId, String userId, String experience, long createdAt,
                           List<ConversationTurn> turns) {

    public Conversation {
        turns = turns == null ? List.of() : List.copyOf(turns);
    }

    /** A conversation that has no turns yet. */
    public static Conversation start(String conversationId, String userId, String experience) {
        return new Conversation(conversationId, userId, experience, System.currentTimeMillis(), List.of());
    }

    public boolean ownedBy(String user) {
        return userId.equals(user);
    }

    public List<ConversationTurn> lastTurns(int count) {
        return turns.subList(Math.max(0, turns.size() - count), turns.size());
    }
}
