package io.gaia.kb.world;

import io.gaia.events.SubjectToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The file name (without {@code .json}) of a per-user document, bounded whatever the id:
 * an id whose {@link SubjectToken} encoding is at most {@value #MAX_READABLE} characters keeps that
 * readable, reversible name (what earlier versions wrote); any longer id becomes
 * {@code <up to 24 plain characters of the id>~<SHA-256 of the id, hex>}, at most 89 characters.
 * A hashed name cannot be decoded, so the user id is always stored inside the document too.
 */
public final class UserFileNames {

    /** Longest readable name; longer ids are hashed. */
    static final int MAX_READABLE = 80;
    /** Separates the readable prefix from the hash; never produced by {@link SubjectToken#encode}. */
    static final char HASHED = '~';
    private static final int PREFIX = 24;
    /** Earlier versions wrote {@code encode(id)} when the name fitted in 255 bytes with its suffix. */
    private static final int LEGACY_MAX = 250;

    private UserFileNames() {
    }

    public static String of(String userId) {
        String readable = readable(userId);
        return readable != null && readable.length() <= MAX_READABLE ? readable : hashed(userId);
    }

    /** The user id a readable name was made from, or empty for a hashed (or foreign) name. */
    public static Optional<String> decode(String name) {
        if (name.isEmpty() || name.indexOf(HASHED) >= 0 || !name.matches("[A-Za-z0-9_%-]+")) {
            return Optional.empty();
        }
        try {
            return Optional.of(SubjectToken.decode(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** True for any name this class produces (or produced before), readable or hashed. */
    public static boolean isValid(String name) {
        return decode(name).isPresent() || name.matches("[A-Za-z0-9_-]{0," + PREFIX + "}~[0-9a-f]{64}");
    }

    /** The longer readable name an earlier version used for this id, when it differs from {@link #of}. */
    static Optional<String> legacy(String userId) {
        String readable = readable(userId);
        return readable != null && readable.length() > MAX_READABLE && readable.length() <= LEGACY_MAX
                ? Optional.of(readable) : Optional.empty();
    }

    private static String readable(String userId) {
        if (userId == null || userId.isEmpty() || userId.length() > Math.min(SubjectToken.MAX_ID_LENGTH, LEGACY_MAX)) {
            return null;
        }
        return SubjectToken.encode(userId);
    }

    private static String hashed(String userId) {
        StringBuilder prefix = new StringBuilder(PREFIX);
        for (int i = 0; i < userId.length() && prefix.length() < PREFIX; i++) {
            char c = userId.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                prefix.append(c);
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return prefix.append(HASHED).append(HexFormat.of().formatHex(digest)).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
