package io.gaia.reliability.client;

import java.util.HashMap;
import java.util.Map;

/**
 * What one player knows for sure about its own inventory from acknowledged actions. An item is
 * {@code HELD} or {@code NOT_HELD} after a successful (or definitely refused) action, {@code EITHER}
 * after an action whose outcome never came back (socket lost, kb-service unreachable mid-action).
 * An action on its way counts as both its before and after state until its answer arrives.
 */
public final class Ledger {

    public enum Belief { HELD, NOT_HELD, EITHER }

    private final Map<String, Belief> items = new HashMap<>();
    private String inFlightItem;
    private Belief inFlightTarget;
    private long ackedPlayerVersion;
    private long ackedWorldVersion;

    public synchronized void sending(String item, boolean collect) {
        inFlightItem = item;
        inFlightTarget = collect ? Belief.HELD : Belief.NOT_HELD;
    }

    public synchronized void settled(String item, Belief outcome) {
        if (outcome != null) {
            items.put(item, outcome);
        }
        inFlightItem = null;
        inFlightTarget = null;
    }

    public synchronized void acknowledged(long playerVersion, long worldVersion) {
        ackedPlayerVersion = Math.max(ackedPlayerVersion, playerVersion);
        ackedWorldVersion = Math.max(ackedWorldVersion, worldVersion);
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

    public synchronized long ackedWorldVersion() {
        return ackedWorldVersion;
    }
}
