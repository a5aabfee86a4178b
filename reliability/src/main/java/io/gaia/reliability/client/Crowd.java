package io.gaia.reliability.client;

import io.gaia.events.ErrorCodes;
import io.gaia.reliability.stack.DrillExperience;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * {@code n} drill players acting over real sockets: each one, about every {@code period}, toggles its
 * own token (collect or drop), or now and then fights for a relic. One action per player in flight.
 * The outcome of each action goes into the player's {@link Ledger}.
 */
public final class Crowd implements AutoCloseable {

    /** Codes that mean "the command never reached a decision we saw": the outcome is unknown. */
    private static final Set<String> UNKNOWN_OUTCOME = Set.of(ErrorCodes.UPSTREAM_UNAVAILABLE, ErrorCodes.TIMEOUT,
            ErrorCodes.INTERNAL_ERROR, ErrorCodes.COMMIT_UNCONFIRMED);

    private final List<SimPlayer> players = new ArrayList<>();
    private final boolean[] busy;
    private final long[] nextAt;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "crowd");
        t.setDaemon(true);
        return t;
    });
    private final Random random = new Random(7);
    private final AtomicBoolean acting = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final long periodMillis;
    private final double relicShare;
    private final double walkShare;
    private final AtomicLong walks = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong notSent = new AtomicLong();
    /** Every acknowledged action: receipt time of its answer -> the time it was sent. */
    private final Samples acks = new Samples();

    /** The counters at one moment, for "load held during a fault". */
    public record Counts(long sent, long acked, long refused, long unknown, long notSent, long atMillis) {
        public Counts minus(Counts before) {
            return new Counts(sent - before.sent, acked - before.acked, refused - before.refused,
                    unknown - before.unknown, notSent - before.notSent, atMillis - before.atMillis);
        }

        public double ackedPerSecond() {
            return atMillis == 0 ? 0 : acked * 1000.0 / atMillis;
        }

        public double sentPerSecond() {
            return atMillis == 0 ? 0 : sent * 1000.0 / atMillis;
        }
    }

    public Crowd(String socketUrl, int size, Duration period, double relicShare) {
        this(socketUrl, size, period, relicShare, 0);
    }

    /**
     * As above; a {@code walkShare} of the turns is a walk to the drill's other zone instead of an
     * action, so the players (and what they drop) spread over two zones with their own version chains.
     */
    public Crowd(String socketUrl, int size, Duration period, double relicShare, double walkShare) {
        this.periodMillis = period.toMillis();
        this.relicShare = relicShare;
        this.walkShare = walkShare;
        this.busy = new boolean[size];
        this.nextAt = new long[size];
        for (int i = 0; i < size; i++) {
            players.add(new SimPlayer(DrillExperience.user(i), socketUrl, DrillExperience.ID, timer));
        }
    }

    /** Connects everyone (a few at a time) and waits for their first snapshot. */
    public void connectAll(Duration timeout) throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (SimPlayer player : players) {
            all.add(player.connect());
            if (all.size() % 20 == 0) {
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (players.stream().anyMatch(p -> !p.versions().containsKey("world"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("players without a first area_of_interest after " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /** Starts acting (idempotent); each player at a random phase of the period. */
    public void startActing() {
        if (acting.compareAndSet(false, true)) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < nextAt.length; i++) {
                nextAt[i] = now + (long) (random.nextDouble() * periodMillis);
            }
            timer.scheduleAtFixedRate(this::tick, 0, 20, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops issuing actions and waits until the ones in flight are answered (or given up). */
    public void pause(Duration timeout) throws InterruptedException {
        acting.set(false);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    public void resume() {
        acting.set(true);
    }

    private synchronized void tick() {
        if (!acting.get()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (int i = 0; i < players.size(); i++) {
            if (busy[i] || now < nextAt[i]) {
                continue;
            }
            nextAt[i] = now + periodMillis / 2 + (long) (random.nextDouble() * periodMillis);
            act(i);
        }
    }

    private void act(int index) {
        SimPlayer player = players.get(index);
        if (walkShare > 0 && random.nextDouble() < walkShare) {
            walk(index, player);
            return;
        }
        Ledger ledger = player.ledger();
        String item;
        boolean collect;
        if (random.nextDouble() < relicShare) {
            String held = null;
            for (int r = 0; r < DrillExperience.RELICS; r++) {
                if (ledger.holdsFor(DrillExperience.relic(r))) {
                    held = DrillExperience.relic(r);
                }
            }
            item = held != null ? held : DrillExperience.relic(random.nextInt(DrillExperience.RELICS));
            collect = held == null;
        } else {
            item = DrillExperience.token(index);
            collect = !ledger.holdsFor(item);
        }
        busy[index] = true;
        inFlight.incrementAndGet();
        sent.incrementAndGet();
        ledger.sending(item, collect);
        boolean own = item.equals(DrillExperience.token(index));
        long sentAt = System.currentTimeMillis();
        player.act(collect ? "collect_item" : "drop_item", item).whenComplete((response, error) -> {
            try {
                ledger.settled(item, outcome(response, error, collect, own, ledger, sentAt));
            } finally {
                inFlight.decrementAndGet();
                synchronized (this) {
                    busy[index] = false;
                }
            }
        });
    }

    /** Walks to the other zone; the player's next turn comes once its snapshot arrived (or the walk was given up). */
    private void walk(int index, SimPlayer player) {
        String to = DrillExperience.YARD.equals(player.zone()) ? DrillExperience.ZONE : DrillExperience.YARD;
        double[] gps = DrillExperience.GPS.get(to);
        busy[index] = true;
        inFlight.incrementAndGet();
        player.walk(gps[0], gps[1], to).whenComplete((snapshot, error) -> {
            if (error == null) {
                walks.incrementAndGet();
            }
            inFlight.decrementAndGet();
            synchronized (this) {
                busy[index] = false;
            }
        });
    }

    /** Walks between zones that arrived (the new zone's snapshot came). */
    public long walks() {
        return walks.get();
    }

    private Ledger.Belief outcome(JsonNode response, Throwable error, boolean collect, boolean own, Ledger ledger,
                                  long sentAt) {
        if (error != null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof SimPlayer.NotSent) {
                sent.decrementAndGet();
                notSent.incrementAndGet();
                return null;
            }
            unknown.incrementAndGet();
            return Ledger.Belief.EITHER;
        }
        if (response.path("success").asBoolean(false)) {
            acked.incrementAndGet();
            acks.add(System.currentTimeMillis(), sentAt);
            JsonNode versions = response.path("metadata").path("versions");
            ledger.acknowledged(versions.path("player").asLong(0), versions.path("world").asLong(0),
                    response.path("metadata").path("zone").asString(""));
            return collect ? Ledger.Belief.HELD : Ledger.Belief.NOT_HELD;
        }
        String code = response.path("code").asString("");
        if (UNKNOWN_OUTCOME.contains(code)) {
            unknown.incrementAndGet();
            return Ledger.Belief.EITHER;
        }
        refused.incrementAndGet();
        return switch (code) {
            case ErrorCodes.NOT_IN_INVENTORY -> Ledger.Belief.NOT_HELD;
            // Nobody else ever takes a player's own token: "already taken" means this player has it.
            case ErrorCodes.ALREADY_TAKEN -> own ? Ledger.Belief.HELD : null;
            default -> null;
        };
    }

    /** A reset, restore or wiped state folder begins: see {@link Ledger#boundaryStarted()}. */
    public void boundaryStarted() {
        players.forEach(p -> p.ledger().boundaryStarted());
    }

    /** The boundary is done: each player now holds what {@code after} says (see {@link Ledger#boundaryEnded}). */
    public void boundaryEnded(Function<SimPlayer, Map<String, Ledger.Belief>> after) {
        players.forEach(p -> p.ledger().boundaryEnded(after.apply(p)));
    }

    /**
     * What a player may hold after a boundary whose outcome is unknown (no answer came): its own
     * token and every relic {@code EITHER}.
     */
    public Map<String, Ledger.Belief> unknownFor(SimPlayer player) {
        Map<String, Ledger.Belief> either = new java.util.HashMap<>();
        either.put(DrillExperience.token(players.indexOf(player)), Ledger.Belief.EITHER);
        for (int r = 0; r < DrillExperience.RELICS; r++) {
            either.put(DrillExperience.relic(r), Ledger.Belief.EITHER);
        }
        return either;
    }

    public Counts counts() {
        return new Counts(sent.get(), acked.get(), refused.get(), unknown.get(), notSent.get(), System.currentTimeMillis());
    }

    /** Acknowledged actions: answer time -> sent time (e.g. the first success of an action sent after a fault). */
    public Samples acks() {
        return acks;
    }

    public List<SimPlayer> players() {
        return players;
    }

    public int connected() {
        return (int) players.stream().filter(SimPlayer::isConnected).count();
    }

    /** p-quantile of other players' delta latency (ms) received in [from, to), over all players. */
    public long othersLatencyQuantile(long from, long to, double q) {
        return Samples.quantile(othersLatencies(from, to), q);
    }

    public long[] othersLatencies(long from, long to) {
        List<long[]> parts = new ArrayList<>();
        int total = 0;
        for (SimPlayer player : players) {
            long[] part = player.othersLatency().between(from, to);
            parts.add(part);
            total += part.length;
        }
        long[] all = new long[total];
        int at = 0;
        for (long[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    public List<String> violations() {
        List<String> all = new ArrayList<>();
        for (SimPlayer player : players) {
            player.violations().forEach(v -> all.add(player.userId() + " " + v));
        }
        return all;
    }

    @Override
    public void close() {
        acting.set(false);
        players.forEach(SimPlayer::close);
        timer.shutdownNow();
    }
}
