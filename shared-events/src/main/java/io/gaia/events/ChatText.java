package io.gaia.events;

/**
 * What a player may say in one chat turn, on every path: the socket's {@code chat} frame
 * ({@code text}) and {@code POST /chat/unified} ({@code message}). Longer text is refused with
 * {@code invalid_field}.
 */
public final class ChatText {

    /** Characters (UTF-16 units) of one chat message; at most 12,000 UTF-8 bytes. */
    public static final int MAX_CHARS = 4000;

    private ChatText() {
    }
}
