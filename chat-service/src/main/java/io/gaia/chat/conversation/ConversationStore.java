package io.gaia.chat.conversation;

import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * Where conversations live. Implementations do their blocking I/O off the event loop.
 * {@code file} (default) keeps one append-only JSON-lines file per conversation: survives a
 * restart, needs no server, but is local to one instance. {@code jdbc} keeps them in a database
 * (PostgreSQL) that several chat-service instances share.
 */
public interface ConversationStore {

    /** Conversation ids are also file names and URL parts: letters, digits, '-' and '_' only. */
    Pattern VALID_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The conversation with its turns, or empty when unknown. */
    Mono<Conversation> find(String conversationId);

    /**
     * Starts a conversation (no turns). Atomic: of two creates of one id, exactly one succeeds; the
     * other fails with {@link ConversationTakenException} and writes nothing.
     */
    Mono<Conversation> create(String conversationId, String userId, String experience);

    /** Appends a turn to a conversation that exists; fails (writes nothing) when it does not. */
    Mono<Void> append(String conversationId, ConversationTurn turn);
}
