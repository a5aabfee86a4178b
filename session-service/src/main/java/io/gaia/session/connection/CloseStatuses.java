package io.gaia.session.connection;

import org.springframework.web.reactive.socket.CloseStatus;

/**
 * Every close status session-service sends: RFC 6455 allows a close reason of at most 123 UTF-8
 * bytes, and a longer one makes the peer fail the connection (1002/1006 instead of our code).
 */
public final class CloseStatuses {

    public static final int MAX_REASON_BYTES = 123;

    private CloseStatuses() {
    }

    public static CloseStatus of(int code, String reason) {
        return new CloseStatus(code, fit(reason));
    }

    /** The longest prefix of {@code reason} that fits in 123 UTF-8 bytes, never splitting a character. */
    public static String fit(String reason) {
        if (reason == null) {
            return "";
        }
        int bytes = 0;
        int end = 0;
        while (end < reason.length()) {
            int codePoint = reason.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_REASON_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        // (a lone surrogate, counted as 3 bytes here, is written as one '?': the prefix only gets shorter)
        return reason.substring(0, end);
    }
}
