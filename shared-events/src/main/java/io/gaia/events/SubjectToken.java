package io.gaia.events;

/**
 * The one reversible encoding that turns any id into a single, literal NATS subject token.
 *
 * <p>Letters, digits, {@code -} and {@code _} pass through unchanged. Every other UTF-16 code unit
 * (including {@code .}, {@code *}, {@code >}, {@code %}, spaces, control and non-ASCII characters)
 * becomes {@code %} followed by exactly four upper-case hex digits. The result therefore only ever
 * contains {@code [A-Za-z0-9_%-]}: it can never be a wildcard, never contain a token separator, and
 * {@link #decode} restores the original exactly.
 */
public final class SubjectToken {

    /**
     * Ids longer than this (UTF-16 units) are refused before they reach a subject (a token stays
     * bounded): as long as the longest user id ({@link UserIds#MAX_BYTES} bytes never need more units).
     */
    public static final int MAX_ID_LENGTH = UserIds.MAX_BYTES;

    private static final char ESCAPE = '%';
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SubjectToken() {
    }

    public static String encode(String id) {
        requireUsable(id);
        StringBuilder out = new StringBuilder(id.length() + 8);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (passesThrough(c)) {
                out.append(c);
            } else {
                out.append(ESCAPE)
                        .append(HEX[(c >> 12) & 0xF])
                        .append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    public static String decode(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("subject token must not be empty");
        }
        StringBuilder out = new StringBuilder(token.length());
        int i = 0;
        while (i < token.length()) {
            char c = token.charAt(i);
            if (c == ESCAPE) {
                if (i + 5 > token.length()) {
                    throw new IllegalArgumentException("truncated escape in subject token: " + token);
                }
                out.append((char) Integer.parseInt(token.substring(i + 1, i + 5), 16));
                i += 5;
            } else if (passesThrough(c)) {
                out.append(c);
                i++;
            } else {
                throw new IllegalArgumentException("character not allowed in an encoded subject token: " + token);
            }
        }
        return out.toString();
    }

    /** True when {@code id} is non-empty, bounded and made only of characters that pass through unchanged. */
    public static boolean isPlain(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!passesThrough(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void requireUsable(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("id longer than " + MAX_ID_LENGTH + " characters");
        }
    }

    private static boolean passesThrough(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
