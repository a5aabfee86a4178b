package io.gaia.kb.ownership;

import io.gaia.support.nats.JetStreamErrors;
import io.gaia.events.GaiaJson;
import io.gaia.events.KbInstance;
import io.gaia.events.OwnerLease;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this kb-service instance own its share of the experiences, through one lease per experience
 * in the JetStream KV bucket {@code gaia_kb_owners}. Each tick (every TTL/3, and at once when a lease
 * is released or an instance joins or leaves) it:
 * <ol>
 * <li>renews every lease it holds with a compare-and-set on the revision ({@code update}); a CAS
 *     failure means the lease is gone: it stops serving that experience at once;</li>
 * <li>heartbeats its id into {@code gaia_kb_instances} and reads the live instances;</li>
 * <li>releases the experiences that {@link Placement#assign} now gives to another live instance (stop
 *     serving first, then delete the lease with a CAS on its revision);</li>
 * <li>acquires the experiences placed on itself whose lease is free ({@code create} succeeds only
 *     when the key is absent, deleted or expired).</li>
 * </ol>
 * A watchdog thread, apart from the one that talks to NATS (which may block for a request timeout),
 * ends every lease not renewed for {@code TTL − TTL/6} since the renewal was sent ({@link LeaseTable}):
 * the owner stops serving before the server can give the lease to anyone else.
 */
public final class OwnershipManager implements AutoCloseable {


    private static final Logger log = LoggerFactory.getLogger(OwnershipManager.class);
    /** How long after creating leases they are read back before they are held ({@link #confirmCreated}). */
    static final Duration CREATE_SETTLE = Duration.ofMillis(100);

    private final Settings settings;
    private final Supplier<Optional<Connection>> connection;
    private final Supplier<? extends Collection<String>> experiences;
    private final LeaseTable table;
    private final GaiaJson json = GaiaJson.create();
    private final ScheduledExecutorService ticker;
    private final ScheduledExecutorService watchdog;
    /** Creates whose answer was lost (ticker thread only): recognised by their lease id if they landed. */
    private final Map<String, Attempt> unconfirmedCreates = new HashMap<>();
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private final long startedAt = System.currentTimeMillis();
    private volatile LeaseBuckets buckets;
    private volatile LeaseWatches watches;
    private volatile Set<String> lastLive = Set.of();
    private final Presence presence;
    /** The other instances in the registry on the last tick (ticker thread only), for the probes between ticks. */
    private Set<String> registered = Set.of();
    private volatile boolean closed;

    /**
     * @param settings    instance id, lease TTL, bucket replicas
     * @param connection  the NATS connection when there is one (the manager never closes it)
     * @param experiences the experiences to share out, asked on every tick
     * @param listener    told when this instance starts and stops owning one
     */
    public OwnershipManager(Settings settings, Supplier<Optional<Connection>> connection,
                            Supplier<? extends Collection<String>> experiences, OwnershipListener listener) {
        this.settings = settings;
        this.connection = connection;
        this.experiences = experiences;
        this.table = new LeaseTable(settings.instanceId(), settings.ttl().toNanos(), listener);
        this.presence = new Presence(settings.instanceId());
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("kb-ownership-" + settings.instanceId()));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("kb-ownership-watchdog"));
    }

    /** Instance id, lease TTL (the owners bucket's TTL wins if it differs), bucket replicas (0 = auto). */
    public record Settings(String instanceId, Duration ttl, int replicas) {
        public Settings {
            LeaseKeys.encode(instanceId);
        }
    }

    public void start() {
        long ttl = settings.ttl().toNanos();
        ticker.scheduleWithFixedDelay(this::tick, 0, ttl / 3, TimeUnit.NANOSECONDS);
        long probe = Math.min(ttl / 3, Presence.PROBE_EVERY.toNanos());
        ticker.scheduleWithFixedDelay(this::probeBetweenTicks, probe, probe, TimeUnit.NANOSECONDS);
        long check = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.MILLISECONDS.toNanos(50), ttl / 30));
        watchdog.scheduleAtFixedRate(table::endOverdue, check, check, TimeUnit.NANOSECONDS);
        log.info("ownership: instance {} takes part (lease TTL {})", settings.instanceId(), settings.ttl());
    }

    public String instanceId() {
        return settings.instanceId();
    }

    /** True while this instance holds a lease on {@code experience} that cannot have expired yet. */
    public boolean owns(String experience) {
        return table.owns(experience);
    }

    public Set<String> owned() {
        return table.owned();
    }

    /** The revision that created the lease now held on {@code experience} (the fencing token). */
    public OptionalLong leaseRevision(String experience) {
        Lease lease = table.get(experience);
        return lease == null ? OptionalLong.empty() : OptionalLong.of(lease.acquiredRevision);
    }

    /** The live instances seen on the last tick (this one included). */
    public Set<String> liveInstances() {
        return lastLive;
    }

    /** Stops serving everything, hands the leases back and leaves the instance registry. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        ticker.shutdown();
        if (!ticker.awaitTermination(2 * table.ttlNanos(), TimeUnit.NANOSECONDS)) {
            ticker.shutdownNow();
        }
        watchdog.shutdownNow();
        presence.close();
        var ended = table.closeAll();
        LeaseWatches current = watches;
        if (current != null) {
            current.close();
        }
        LeaseBuckets b = buckets;
        if (b != null && b.connection().getStatus() == Connection.Status.CONNECTED) {
            ended.forEach(lease -> deleteQuietly(b, lease.key, lease.revision));
            try {
                b.instances().delete(LeaseKeys.encode(settings.instanceId()));
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                log.debug("could not leave the instance registry: {}", e.toString());
            }
        }
    }

    // ---- the ticker thread: every NATS call happens here ----

    private void tick() {
        tickQueued.set(false);
        if (closed) {
            return;
        }
        try {
            LeaseBuckets b = buckets();
            if (b == null || !renewAll(b)) {
                return;
            }
            Map<String, Set<String>> live = heartbeatAndListLive(b, Set.copyOf(experiences.get()));
            if (live == null) {
                return;
            }
            lastLive = Set.copyOf(live.keySet());
            Map<String, String> placement = Placement.assign(live);
            releaseMisplaced(b, placement);
            acquirePlacedHere(b, placement);
        } catch (RuntimeException e) {
            log.warn("ownership tick failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tickSoon() {
        if (!closed && tickQueued.compareAndSet(false, true)) {
            try {
                ticker.execute(this::tick);
            } catch (RejectedExecutionException stopping) {
                tickQueued.set(false);
            }
        }
    }

    private LeaseBuckets buckets() {
        Connection conn = connection.get().orElse(null);
        if (conn == null || conn.getStatus() != Connection.Status.CONNECTED) {
            return null;
        }
        presence.answerOn(conn);
        LeaseBuckets current = buckets;
        if (current != null && current.connection() == conn) {
            return current;
        }
        try {
            current = LeaseBuckets.open(conn, settings.ttl(), settings.replicas(), requestTimeout());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            log.warn("ownership buckets not ready: {}", e.toString());
            return null;
        }
        table.ttl(current.ttl().toNanos());
        buckets = current;
        if (watches != null) {
            watches.close();
        }
        watches = new LeaseWatches(current, () -> lastLive, this::tickSoon);
        return current;
    }

    private Duration requestTimeout() {
        return Duration.ofNanos(Math.min(table.ttlNanos() / 3, TimeUnit.SECONDS.toNanos(1)));
    }

    /** Renews every held lease; false when NATS did not answer (the rest of the tick would not either). */
    private boolean renewAll(LeaseBuckets b) {
        for (Lease lease : table.leases()) {
            long sent = System.nanoTime();
            try {
                confirm(b, lease, b.owners().update(lease.key, lease.value, lease.revision), sent);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != JetStreamErrors.WRONG_LAST_SEQUENCE) {
                    table.markUnconfirmed(lease, sent);
                    return false;
                }
                if (!recover(b, lease)) {
                    table.end(lease, "lease lost (taken over or expired)");
                }
            } catch (IOException | RuntimeException e) {
                table.markUnconfirmed(lease, sent);
                log.debug("renewing {} got no answer: {}", lease.experience, e.toString());
                return false;
            }
        }
        return true;
    }

    /** A renewal whose answer was lost may have landed: the lease is still ours if it holds our lease id. */
    private boolean recover(LeaseBuckets b, Lease lease) {
        long since = table.unconfirmedSince(lease);
        if (since == 0) {
            return false;
        }
        KeyValueEntry entry = readQuietly(b, lease.key);
        if (entry == null || entry.getOperation() != KeyValueOperation.PUT
                || !Arrays.equals(entry.getValue(), lease.value)) {
            return false;
        }
        confirm(b, lease, entry.getRevision(), since);
        return true;
    }

    /** Records a landed renewal; if the watchdog ended the lease meanwhile, gives the new revision back. */
    private void confirm(LeaseBuckets b, Lease lease, long revision, long sent) {
        if (!table.confirm(lease, revision, sent)) {
            deleteQuietly(b, lease.key, revision);
        }
    }

    /** Heartbeats, then reads what every live instance can serve (this one: {@code mine}, fresh). */
    private Map<String, Set<String>> heartbeatAndListLive(LeaseBuckets b, Set<String> mine)
            throws InterruptedException {
        try {
            b.instances().put(LeaseKeys.encode(settings.instanceId()), json.write(
                    new KbInstance(settings.instanceId(), startedAt, mine.stream().sorted().toList())));
            Map<String, Set<String>> live = new HashMap<>();
            for (String key : b.instances().keys()) {
                String instance = LeaseKeys.decode(key);
                if (!instance.equals(settings.instanceId())) {
                    live.put(instance, canServe(b, key));
                }
            }
            registered = Set.copyOf(live.keySet());
            // probed here too, not only between ticks: an instance that joined since the last probe must have
            // answered once before it can be found gone, and it may die before the next probe
            presence.probe(b.connection(), registered);
            live.keySet().removeAll(presence.gone()); // died: its record and leases just have not expired yet
            live.put(settings.instanceId(), mine);
            return live;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            log.debug("instance registry unavailable: {}", e.toString());
            return null;
        }
    }

    /**
     * Ticker thread, every {@link Presence#PROBE_EVERY}: probes the registered instances, and ticks at once
     * when one is newly found gone, so its experiences move within about {@link Presence#CONFIRM} of its death.
     */
    private void probeBetweenTicks() {
        LeaseBuckets b = buckets;
        if (closed || b == null || b.connection().getStatus() != Connection.Status.CONNECTED || registered.isEmpty()) {
            return;
        }
        try {
            if (presence.probe(b.connection(), registered)) {
                tick();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("liveness probes failed: {}", e.toString());
        }
    }

    /** What another instance says it can serve; nothing if its record is gone or unreadable. */
    private Set<String> canServe(LeaseBuckets b, String key) throws IOException, JetStreamApiException {
        KeyValueEntry entry = b.instances().get(key);
        if (entry == null || entry.getValue() == null) {
            return Set.of();
        }
        try {
            return Set.copyOf(json.read(entry.getValue(), KbInstance.class).experiences());
        } catch (RuntimeException unreadable) {
            return Set.of();
        }
    }

    private void releaseMisplaced(LeaseBuckets b, Map<String, String> placement) {
        for (Lease lease : table.leases()) {
            String placed = placement.get(lease.experience);
            if (!settings.instanceId().equals(placed)
                    && table.end(lease, placed != null ? "handed to " + placed : "no longer served")) {
                deleteQuietly(b, lease.key, lease.revision);
            }
        }
    }

    private void acquirePlacedHere(LeaseBuckets b, Map<String, String> placement) {
        List<Lease> created = new ArrayList<>();
        for (Map.Entry<String, String> placed : placement.entrySet()) {
            if (settings.instanceId().equals(placed.getValue()) && !table.owns(placed.getKey())
                    && !acquire(b, placed.getKey(), created)) {
                break;
            }
        }
        confirmCreated(b, created);
    }

    /**
     * A lease this instance just created is held only once a read a moment later still finds it. On nats-server
     * before mid-2023 (2.9 included) a clustered stream checks the expected revision outside its raft proposal,
     * so two instances creating the same key at once can both be told they did (nats-server PR #4319; seen here:
     * revisions 39 and 40 in the same millisecond). The later write is the one that stays: after
     * {@link #CREATE_SETTLE}, each reads the key and only the one whose lease it holds serves. The others never
     * start. A read that gets no answer is retried next tick, as a create whose answer was lost.
     */
    private void confirmCreated(LeaseBuckets b, List<Lease> created) {
        if (created.isEmpty()) {
            return;
        }
        try {
            Thread.sleep(CREATE_SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (Lease lease : created) {
            KeyValueEntry entry;
            try {
                entry = b.owners().get(lease.key);
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                unconfirmedCreates.putIfAbsent(lease.experience, new Attempt(lease.value, lease.renewedAt));
                log.debug("confirming the lease on {} got no answer: {}", lease.experience, e.toString());
                continue;
            }
            if (entry != null && entry.getOperation() == KeyValueOperation.PUT && Arrays.equals(entry.getValue(), lease.value)) {
                grant(b, new Lease(lease.experience, lease.key, lease.value, entry.getRevision(), lease.renewedAt));
            } else {
                log.warn("ownership: the lease on '{}' created at revision {} was overwritten by a racing create "
                        + "(a nats-server without the fix of PR #4319); not serving it", lease.experience, lease.revision);
            }
        }
    }

    /** Tries to create the lease, adding it to {@code created} (held once confirmed); false when NATS did not answer. */
    private boolean acquire(LeaseBuckets b, String experience, List<Lease> created) {
        String key = LeaseKeys.encode(experience);
        Attempt earlier = unconfirmedCreates.get(experience);
        byte[] value = earlier != null ? earlier.value()
                : json.write(new OwnerLease(settings.instanceId(), experience, UUID.randomUUID().toString()));
        long sent = System.nanoTime();
        try {
            long revision = b.owners().create(key, value);
            unconfirmedCreates.remove(experience);
            created.add(new Lease(experience, key, value, revision, sent));
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != JetStreamErrors.WRONG_LAST_SEQUENCE) {
                unconfirmedCreates.putIfAbsent(experience, new Attempt(value, sent));
                return false;
            }
            unconfirmedCreates.remove(experience);
            if (earlier != null) {
                adoptLostCreate(b, experience, key, earlier);
            } else if (freedFromTheGone(b, experience, key)) {
                return acquire(b, experience, created);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            unconfirmedCreates.putIfAbsent(experience, new Attempt(value, sent));
            log.debug("acquiring {} got no answer: {}", experience, e.toString());
            return false;
        }
    }

    /**
     * The key is taken: if by an instance whose process is gone ({@link Presence}), deletes its lease with a
     * compare-and-set on the revision it holds (a renewal meanwhile would have changed it), so the lease
     * can be created again now rather than when its TTL runs out. True when it was deleted.
     */
    private boolean freedFromTheGone(LeaseBuckets b, String experience, String key) {
        Set<String> gone = presence.gone();
        if (gone.isEmpty()) {
            return false;
        }
        KeyValueEntry entry = readQuietly(b, key);
        if (entry == null || entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null) {
            return false;
        }
        String holder;
        try {
            holder = json.read(entry.getValue(), OwnerLease.class).instance();
        } catch (RuntimeException unreadable) {
            return false;
        }
        if (!gone.contains(holder)) {
            return false;
        }
        try {
            b.owners().delete(key, entry.getRevision());
            log.info("ownership: took the lease on '{}' from {}, whose process is gone", experience, holder);
            return true;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            log.debug("could not free the lease on {} held by {}: {}", experience, holder, e.toString());
            return false;
        }
    }

    /** The key is taken; if by our own create whose answer was lost, it is ours, dated from that create. */
    private void adoptLostCreate(LeaseBuckets b, String experience, String key, Attempt earlier) {
        KeyValueEntry entry = readQuietly(b, key);
        if (entry != null && entry.getOperation() == KeyValueOperation.PUT
                && Arrays.equals(entry.getValue(), earlier.value())) {
            grant(b, new Lease(experience, key, earlier.value(), entry.getRevision(), earlier.sent()));
        }
    }

    private void grant(LeaseBuckets b, Lease lease) {
        if (!table.hold(lease)) {
            deleteQuietly(b, lease.key, lease.revision);
        }
    }

    private static KeyValueEntry readQuietly(LeaseBuckets b, String key) {
        try {
            return b.owners().get(key);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            log.debug("could not read lease {}: {}", key, e.toString());
            return null;
        }
    }

    private static void deleteQuietly(LeaseBuckets b, String key, long revision) {
        try {
            b.owners().delete(key, revision);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            log.debug("could not delete lease {} at revision {}: {}", key, revision, e.toString());
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private record Attempt(byte[] value, long sent) {
    }
}
