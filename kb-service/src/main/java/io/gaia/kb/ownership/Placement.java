package io.gaia.kb.ownership;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;

/**
 * Rendezvous (highest-random-weight) placement: an experience belongs to the live instance whose
 * hash of (instance, experience) is highest. Every instance computes the same answer from the same
 * set of live instances; experiences spread evenly, and when an instance joins only the experiences
 * it now wins move to it, when one leaves only its own move (each to its runner-up).
 */
public final class Placement {

    private Placement() {
    }

    /** The instance {@code experience} belongs to among {@code instances}; {@code null} when there are none. */
    public static String owner(String experience, Collection<String> instances) {
        String best = null;
        long bestWeight = 0;
        for (String instance : instances) {
            long weight = weight(instance, experience);
            if (best == null || Long.compareUnsigned(weight, bestWeight) > 0
                    || (weight == bestWeight && instance.compareTo(best) > 0)) {
                best = instance;
                bestWeight = weight;
            }
        }
        return best;
    }

    static long weight(String instance, String experience) {
        MessageDigest sha = sha256();
        sha.update(instance.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(experience.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(sha.digest()).getLong();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
