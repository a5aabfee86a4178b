package io.gaia.reliability.audit;

import io.gaia.reliability.client.Crowd;
import io.gaia.reliability.client.SimPlayer;
import io.gaia.reliability.stack.DrillExperience;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checks run after every fault: acknowledged actions against kb's state, versions against what
 * was acknowledged, conservation of items, and every client's own view against kb's state.
 */
public final class Audit {

    /** Findings; every list is empty on a clean run. */
    public record Findings(List<String> lostAcknowledged, List<String> versionRegressions, List<String> conservation,
                           List<String> divergentClients, List<String> silentGaps) {

        public boolean clean() {
            return lostAcknowledged.isEmpty() && versionRegressions.isEmpty() && conservation.isEmpty()
                    && divergentClients.isEmpty() && silentGaps.isEmpty();
        }

        public List<String> all() {
            List<String> out = new ArrayList<>();
            lostAcknowledged.forEach(s -> out.add("lost acknowledged action: " + s));
            versionRegressions.forEach(s -> out.add("version went back: " + s));
            conservation.forEach(s -> out.add("conservation: " + s));
            divergentClients.forEach(s -> out.add("client differs from kb: " + s));
            silentGaps.forEach(s -> out.add("silent gap: " + s));
            return out;
        }
    }

    private Audit() {
    }

    /** Acknowledged actions, versions and conservation against a snapshot (from admin endpoints or files). */
    public static List<String> lostAcknowledged(Crowd crowd, WorldSnapshot state) {
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < crowd.players().size(); i++) {
            SimPlayer player = crowd.players().get(i);
            List<String> items = new ArrayList<>(List.of(DrillExperience.token(i)));
            for (int r = 0; r < DrillExperience.RELICS; r++) {
                items.add(DrillExperience.relic(r));
            }
            for (String item : items) {
                boolean holds = state.holds(player.userId(), item);
                if (!player.ledger().allows(item, holds)) {
                    lost.add(player.userId() + " " + item + ": acknowledged " + player.ledger().belief(item)
                            + ", kb says " + (holds ? "held" : "not held"));
                }
            }
        }
        return lost;
    }

    public static List<String> versionRegressions(Crowd crowd, WorldSnapshot state) {
        List<String> out = new ArrayList<>();
        Map<String, Long> worldAcked = new java.util.TreeMap<>();
        for (SimPlayer player : crowd.players()) {
            player.ledger().ackedWorldVersions().forEach((zone, version) -> worldAcked.merge(zone, version, Math::max));
            WorldSnapshot.Player doc = state.players().get(player.userId());
            long version = doc == null ? 0 : doc.version();
            if (version < player.ledger().ackedPlayerVersion()) {
                out.add(player.userId() + " player version " + version + " < acknowledged " + player.ledger().ackedPlayerVersion());
            }
        }
        worldAcked.forEach((zone, acked) -> {
            long version = zone.isEmpty() ? state.worldVersion() : state.zoneVersion(zone);
            if (version < acked) {
                out.add("world version " + version + " of zone '" + zone + "' < acknowledged " + acked);
            }
        });
        return out;
    }

    /** Clients whose versions or view differ from kb's state. */
    public static List<String> divergent(Crowd crowd, WorldSnapshot state) {
        List<String> out = new ArrayList<>();
        for (SimPlayer player : crowd.players()) {
            WorldSnapshot.Player doc = state.players().get(player.userId());
            Map<String, Long> versions = player.versions();
            long world = doc == null ? -1 : state.zoneVersion(doc.zone());
            if (doc == null || !Objects.equals(doc.zone(), player.zone())
                    || !Objects.equals(versions.get("world"), world)
                    || !Objects.equals(versions.get("player"), doc.version())) {
                out.add(player.userId() + " holds " + versions + " in zone " + player.zone() + ", kb is at world "
                        + world + " player " + (doc == null ? null : doc.version()) + " in zone "
                        + (doc == null ? null : doc.zone()));
            } else if (!player.placed().equals(state.placedIn(doc.zone()))
                    || !player.inventory().equals(new HashSet<>(doc.inventory()))) {
                out.add(player.userId() + " sees a different world or inventory at the same versions");
            }
        }
        return out;
    }

    /**
     * Waits (up to {@code timeout}) until every client agrees with kb-service, then returns all findings.
     * Call with the load paused, so the state stands still.
     */
    public static Findings settle(Crowd crowd, KbAdmin kb, Duration timeout) throws Exception {
        List<String> users = crowd.players().stream().map(SimPlayer::userId).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        WorldSnapshot state = kb.snapshot(DrillExperience.ID, users);
        List<String> divergent = divergent(crowd, state);
        while (!divergent.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            state = kb.snapshot(DrillExperience.ID, users);
            divergent = divergent(crowd, state);
        }
        return new Findings(lostAcknowledged(crowd, state), versionRegressions(crowd, state),
                state.conservationProblems(DrillExperience.items(crowd.players().size())), divergent, crowd.violations());
    }
}
