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
import java.util.Set;

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

    /** Owner of every experience when every instance can serve every one of them. */
    public static Map<String, String> assign(Collection<String> experiences, Collection<String> instances) {
        Set<String> all = Set.copyOf(experiences);
        Map<String, Set<String>> canServe = new HashMap<>();
        instances.forEach(instance -> canServe.put(instance, all));
        return assign(canServe);
    }

    /**
     * Owner of every experience that some instance can serve, given what each live instance can serve
     * (its loaded content). An experience goes only to an instance that can serve it, so instances
     * with different content never leave one unowned.
     */
    public static Map<String, String> assign(Map<String, ? extends Collection<String>> canServe) {
        Map<String, String> owners = new HashMap<>();
        if (canServe.isEmpty()) {
            return owners;
        }
        List<String> ordered = canServe.values().stream().flatMap(Collection::stream).distinct().sorted().toList();
        int capacity = (ordered.size() + canServe.size() - 1) / canServe.size();
        Map<String, Integer> load = new HashMap<>();
        for (String experience : ordered) {
            List<String> ranked = ranked(experience, canServe.entrySet().stream()
                    .filter(e -> e.getValue().contains(experience)).map(Map.Entry::getKey).toList());
            String chosen = ranked.stream().filter(i -> load.getOrDefault(i, 0) < capacity).findFirst()
                    .orElse(ranked.get(0));
            load.merge(chosen, 1, Integer::sum);
            owners.put(experience, chosen);
        }
        return owners;
    }

    /** {@code instances} from the experience's first choice to its last. */
    private static List<String> ranked(String experience, Collection<String> instances) {
        Map<String, Long> weights = new HashMap<>();
        instances.forEach(i -> weights.put(i, weight(i, experience)));
        return weights.keySet().stream()
                .sorted(Comparator.comparing((String i) -> weights.get(i), Long::compareUnsigned)
                        .thenComparing(Comparator.naturalOrder()).reversed())
                .toList();
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
