package io.gaia.chat.turn;

import io.gaia.chat.conversation.Conversation;
import io.gaia.support.jwt.AuthenticatedUser;

/** One turn to play: who, in which conversation and experience, saying what. */
public record ChatTurnRequest(AuthenticatedUser user, Conversation conversation, String experience, String message) {
}
