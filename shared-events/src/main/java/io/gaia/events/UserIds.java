package io.gaia.events;

import java.nio.charset.StandardCharsets;

/**
 * The user ids GAIA accepts, decided once: 1 to {@value #MAX_BYTES} UTF-8 bytes, no control
 * characters, no unpaired surrogates. Tokens carrying any other id are refused where they enter
 * (service-support's JWT validation: HTTP 401 {@code unauthorized}, socket close 1008). Nothing
 * derives a file name from an id unbounded: kb-service names per-user files by a bounded encoding.
 */
public final class UserIds {

    /** Longest user id, in UTF-8 bytes (e.g. 512 ASCII characters or 256 Cyrillic letters). */
    public static final int MAX_BYTES = 512;

    private UserIds() {
    }

    /** Why {@code id} is not an acceptable user id, or null when it is. */
    public static String problem(String id) {
        if (id == null || id.isBlank()) {
            return "user id is empty";
        }
        if (id.length() > MAX_BYTES || id.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "user id is longer than " + MAX_BYTES + " UTF-8 bytes";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                return "user id contains control characters";
            }
            if (Character.isHighSurrogate(c) && (i + 1 >= id.length() || !Character.isLowSurrogate(id.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(id.charAt(i - 1)))) {
                return "user id is not valid UTF-16 text";
            }
        }
        return null;
    }

    public static boolean isValid(String id) {
        return problem(id) == null;
    }
}
