package io.gaia.chat.conversation;

/** {@link ConversationStore#create} lost: a conversation with that id already exists (someone else's, or a racing twin). */
public class ConversationTakenException extends RuntimeException {

    public ConversationTakenException(String conversationId) {
        super("conversation " + conversationId + " already exists");
    }
}
