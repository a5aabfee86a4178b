package io.gaia.chat.turn;

import io.gaia.chat.conversation.Conversation;
import io.gaia.support.jwt.AuthenticatedUser;

/**
 * One turn to play: who, in which conversation and experience, saying what. {@code newConversation}:
 * the conversation is not stored yet; the turn stores it together with the player's words.
 */
public record ChatTurnRequest(AuthenticatedUser user, Conversation conversation, boolean newConversation,
                              String experience, String message) {
}
