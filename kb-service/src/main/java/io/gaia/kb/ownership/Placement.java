package io.gaia.kb.ownership;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rendezvous (highest-random-weight) placement with bounded load. Each experience ranks the live
 * instances by a hash of (instance, experience); {@link #owner} is its first choice. {@link #assign}
 * walks the experiences in id order and gives each to its highest-ranked instance that still has room
 * (at most {@code ceil(experiences / instances)} each), so a handful of experiences spreads as evenly as
 * many do (8 over 3: 3/3/2, where pure rendezvous may give 6/1/1). Every instance computes the same
 * answer from the same experiences and live instances. When an instance joins or leaves, mostly the
 * experiences it wins or held move; the load bound moves a few more (measured in PlacementTest).
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

    /** Owner of every experience among {@code instances} (empty map when there are no instances). */
    public static Map<String, String> assign(Collection<String> experiences, Collection<String> instances) {
        Map<String, String> owners = new HashMap<>();
        if (instances.isEmpty()) {
            return owners;
        }
        List<String> ordered = experiences.stream().distinct().sorted().toList();
        int capacity = (ordered.size() + instances.size() - 1) / instances.size();
        Map<String, Integer> load = new HashMap<>();
        for (String experience : ordered) {
            Map<String, Long> weights = new HashMap<>();
            instances.forEach(i -> weights.put(i, weight(i, experience)));
            List<String> ranked = weights.keySet().stream()
                    .sorted(Comparator.comparing((String i) -> weights.get(i), Long::compareUnsigned)
                            .thenComparing(Comparator.naturalOrder()).reversed())
                    .toList();
            String chosen = ranked.stream().filter(i -> load.getOrDefault(i, 0) < capacity).findFirst()
                    .orElse(ranked.get(0));
            load.merge(chosen, 1, Integer::sum);
            owners.put(experience, chosen);
        }
        return owners;
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
