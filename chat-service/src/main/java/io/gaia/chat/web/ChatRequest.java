package io.gaia.chat.web;

/** Body of {@code POST /chat/unified}: {@code stream} defaults to true; {@code experience} to the configured one. */
public record ChatRequest(String message, String conversationId, String experience, Boolean stream) {

    public boolean streaming() {
        return stream == null || stream;
    }
}
