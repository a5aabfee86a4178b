package io.gaia.kb.world;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Epochs name a continuous history of an experience's state: versions are comparable only within
 * one epoch. A new one starts whenever the history breaks (fresh or wiped state folder, reset of
 * the world, restore from a backup). Opaque to clients: 12 random base62 characters.
 */
public final class Epochs {

    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Epochs() {
    }

    public static String generate() {
        StringBuilder out = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    public static boolean isValid(String epoch) {
        return epoch != null && PATTERN.matcher(epoch).matches();
    }
}
