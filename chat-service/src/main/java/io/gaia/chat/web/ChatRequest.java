package io.gaia.chat.web;

/**
 * Body of {@code POST /chat/unified}: {@code stream} defaults to true; {@code experience} to the
 * configured one (or the conversation's); {@code request_id}, when given, follows the request-id rule.
 */
public record ChatRequest(String message, String conversationId, String experience, Boolean stream, String requestId) {

    public boolean streaming() {
        return stream == null || stream;
    }
}
