package io.gaia.reliability.client;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one player knows for sure about its own inventory from acknowledged actions. An item is
 * {@code HELD} or {@code NOT_HELD} after a successful (or definitely refused) action, {@code EITHER}
 * after an action whose outcome never came back (socket lost, kb-service unreachable mid-action).
 * An action on its way counts as both its before and after state until its answer arrives.
 *
 * <p>A <em>boundary</em> (a reset, a restore, a wiped state folder) replaces what the player holds
 * from outside: between {@link #boundaryStarted()} and {@link #boundaryEnded} the order of the
 * player's own actions and the boundary is unknown, so every action whose life overlaps that
 * window ends as {@code EITHER}; everything settled before it is replaced by what the boundary
 * says the player holds afterwards.
 */
public final class Ledger {

    public enum Belief { HELD, NOT_HELD, EITHER }

    private final Map<String, Belief> items = new HashMap<>();
    private String inFlightItem;
    private Belief inFlightTarget;
    private long ackedPlayerVersion;
    /** Per zone (each has its own world chain; "" for a private world), the highest world version acknowledged. */
    private final Map<String, Long> ackedWorldVersions = new HashMap<>();
    private long boundary;
    private boolean inBoundary;
    private long inFlightBoundary;
    private final Set<String> settledInBoundary = new HashSet<>();
    private Map<String, Belief> atLastBoundary = Map.of();

    public synchronized void sending(String item, boolean collect) {
        inFlightItem = item;
        inFlightTarget = collect ? Belief.HELD : Belief.NOT_HELD;
        inFlightBoundary = inBoundary ? -1 : boundary;
    }

    public synchronized void settled(String item, Belief outcome) {
        if (overlapsBoundary()) {
            settledInBoundary.add(item);
            items.put(item, Belief.EITHER);
        } else if (outcome != null) {
            items.put(item, outcome);
        }
        inFlightItem = null;
        inFlightTarget = null;
    }

    public synchronized void acknowledged(long playerVersion, long worldVersion, String zone) {
        if (overlapsBoundary()) {
            return; // versions of either side of the boundary (another epoch): not comparable
        }
        ackedPlayerVersion = Math.max(ackedPlayerVersion, playerVersion);
        ackedWorldVersions.merge(zone, worldVersion, Math::max);
    }

    private boolean overlapsBoundary() {
        return inBoundary || inFlightBoundary != boundary;
    }

    /**
     * A boundary begins (the reset was sent, kb-service was stopped): remembers what the player
     * held at that moment (the action in flight as {@code EITHER}), which is what a backup taken by
     * the boundary holds.
     */
    public synchronized void boundaryStarted() {
        Map<String, Belief> now = new HashMap<>(items);
        if (inFlightItem != null) {
            now.put(inFlightItem, Belief.EITHER);
        }
        atLastBoundary = now;
        settledInBoundary.clear();
        inBoundary = true;
        boundary++;
    }

    /**
     * The boundary is done (the reset answered, kb-service is back): the player now holds exactly
     * {@code after}, except items whose actions overlapped the boundary, which stay {@code EITHER}.
     * Acknowledged versions start again (a new epoch).
     */
    public synchronized void boundaryEnded(Map<String, Belief> after) {
        Map<String, Belief> next = new HashMap<>(after);
        settledInBoundary.forEach(item -> next.put(item, Belief.EITHER));
        items.clear();
        items.putAll(next);
        Map<String, Belief> backup = new HashMap<>(atLastBoundary);
        settledInBoundary.forEach(item -> backup.put(item, Belief.EITHER));
        atLastBoundary = backup;
        inBoundary = false;
        boundary++;
        ackedPlayerVersion = 0;
        ackedWorldVersions.clear();
    }

    /** What the player held when the last boundary began (what a backup taken then holds). */
    public synchronized Map<String, Belief> atLastBoundary() {
        return Map.copyOf(atLastBoundary);
    }

    public synchronized Belief belief(String item) {
        return items.getOrDefault(item, Belief.NOT_HELD);
    }

    public synchronized boolean holdsFor(String item) {
        return belief(item) == Belief.HELD;
    }

    /** True when the server holding or not holding {@code item} is consistent with every acknowledged action. */
    public synchronized boolean allows(String item, boolean serverHolds) {
        Belief belief = belief(item);
        if (belief == Belief.EITHER || (belief == Belief.HELD) == serverHolds) {
            return true;
        }
        return item.equals(inFlightItem) && (inFlightTarget == Belief.HELD) == serverHolds;
    }

    public synchronized Map<String, Belief> snapshot() {
        return Map.copyOf(items);
    }

    public synchronized long ackedPlayerVersion() {
        return ackedPlayerVersion;
    }

    public synchronized Map<String, Long> ackedWorldVersions() {
        return Map.copyOf(ackedWorldVersions);
    }
}
