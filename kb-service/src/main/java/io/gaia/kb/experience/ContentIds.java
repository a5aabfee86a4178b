package io.gaia.kb.experience;

import java.util.regex.Pattern;

/**
 * The shape of every id in content and on the wire (experience, zone, area, spot, item, NPC,
 * quest): lower-case letters, digits, {@code _} and {@code -}, at most 64 characters. Such an id can
 * never be a path ({@code ../}), so it is safe as a folder or file name.
 */
public final class ContentIds {

    public static final int MAX_LENGTH = 64;
    public static final String PATTERN = "^[a-z0-9][a-z0-9_-]{0,63}$";
    private static final Pattern ID = Pattern.compile(PATTERN);

    private ContentIds() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
