package io.gaia.kb.world;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.experience.ExperienceContent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of an experience. Jobs (commands, reads, resets) queue up without blocking the
 * caller; a single thread takes a batch, runs each job against the state in order (so every
 * check-and-change is atomic), writes the batch's changes once ({@link StateStore#commit}: one
 * fdatasync'd commit-log record, group commit), publishes the batch's deltas, and only then completes the jobs' futures. No lock is
 * held by any other thread, and a Netty event loop only ever enqueues.
 */
public final class ExperienceEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExperienceEngine.class);

    private final GameState state;
    private final DeltaSink sink;
    private final Settings settings;
    private final Tx.BootstrapListener bootstrapListener;
    private final LongSupplier clock;
    private final LinkedTransferQueue<Job<?>> queue = new LinkedTransferQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Thread writer;
    private final java.util.concurrent.ScheduledExecutorService folder;
    private final java.util.concurrent.atomic.AtomicBoolean foldRequested = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean running = true;
    private volatile String failure;
    private final BatchStats stats = new BatchStats();

    /** How the writer batches and folds. */
    public record Settings(int maxBatch, int maxQueue, long foldIntervalNanos) {
        public static final Settings DEFAULT = new Settings(256, 10_000, TimeUnit.SECONDS.toNanos(2));
        /** This many commit records waiting ask for a fold now rather than at the next interval. */
        static final int EARLY_FOLD_RECORDS = 2_000;
    }

    /** What a job returns: its value, the deltas it published, and the actor's versions afterwards. */
    public record Outcome<T>(T value, List<Delta> deltas, Versions versions) {
    }

    /** Batch counters, read by metrics and the benchmark. */
    public static final class BatchStats {
        public final java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();
        public final java.util.concurrent.atomic.LongAdder jobs = new java.util.concurrent.atomic.LongAdder();
        public final java.util.concurrent.atomic.LongAdder commits = new java.util.concurrent.atomic.LongAdder();
    }

    /** Thrown into a job's future when the engine cannot take or finish it; {@code code} is an {@link ErrorCodes} value. */
    public static final class EngineException extends RuntimeException {
        private final String code;

        public EngineException(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public ExperienceEngine(ExperienceContent content, StateStore store, tools.jackson.databind.json.JsonMapper mapper,
                            DeltaSink sink, Settings settings, Tx.BootstrapListener bootstrapListener,
                            LongSupplier clock) throws IOException {
        store.recover();
        this.state = new GameState(content, store, mapper);
        this.sink = sink;
        this.settings = settings;
        this.bootstrapListener = bootstrapListener;
        this.clock = clock;
        initialise();
        this.writer = new Thread(this::run, "kb-writer-" + content.id());
        this.writer.setDaemon(true);
        this.writer.start();
        // folding into per-document files happens beside the writer, so it never delays an action
        this.folder = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kb-fold-" + content.id());
            thread.setDaemon(true);
            return thread;
        });
        long interval = Math.max(1, TimeUnit.NANOSECONDS.toMillis(settings.foldIntervalNanos()));
        folder.scheduleWithFixedDelay(this::foldQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    public String experienceId() {
        return state.experienceId();
    }

    public StateStore store() {
        return state.store();
    }

    public BatchStats stats() {
        return stats;
    }

    public int queueDepth() {
        return queued.get();
    }

    /** Null while healthy; the reason once the engine stopped taking work (e.g. the disk failed). */
    public String failure() {
        return failure;
    }

    /** New content from the watcher; jobs see it from the next batch on. */
    public void updateContent(ExperienceContent content) {
        state.content(content);
    }

    public ExperienceContent content() {
        return state.content();
    }

    /**
     * Queues {@code work} for {@code actorId}. Never blocks. The future completes after the job's
     * changes are durable and its deltas are published.
     */
    public <T> CompletableFuture<Outcome<T>> submit(String actorId, String requestId, Function<Tx, T> work) {
        Job<T> job = new Job<>(actorId, requestId, work, new CompletableFuture<>());
        if (failure != null || !running) {
            job.future.completeExceptionally(new EngineException(ErrorCodes.EXPERIENCE_UNAVAILABLE,
                    "experience '" + experienceId() + "' is unavailable: " + (failure == null ? "stopped" : failure)));
            return job.future;
        }
        if (queued.incrementAndGet() > settings.maxQueue()) {
            queued.decrementAndGet();
            job.future.completeExceptionally(new EngineException(ErrorCodes.RATE_LIMITED,
                    "too many actions waiting for experience '" + experienceId() + "'"));
            return job.future;
        }
        queue.add(job);
        if (failure != null && queue.remove(job)) {
            // the writer stopped between our check and the add; nobody else will answer this job
            job.future.completeExceptionally(new EngineException(ErrorCodes.EXPERIENCE_UNAVAILABLE, failure));
        }
        return job.future;
    }

    private void initialise() throws IOException {
        Tx tx = new Tx(state, "kb-service", null, clock.getAsLong(), bootstrapListener);
        if (state.model() == io.gaia.kb.experience.StateModel.SHARED) {
            tx.worldOf("kb-service");
        }
        tx.finish();
        persist(List.of(tx));
        if (state.store().startedEpoch()) {
            // a fresh or wiped state folder: whatever history NATS still holds is of another epoch
            sink.lifecycle(io.gaia.events.ExperienceLifecycleEvent.of(experienceId(), state.store().epoch(), null,
                    io.gaia.events.ExperienceLifecycleEvent.REASON_FRESH_STATE, clock.getAsLong()));
        }
    }

    private void run() {
        List<Job<?>> batch = new ArrayList<>(settings.maxBatch());
        while (running || !queue.isEmpty()) {
            try {
                Job<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, settings.maxBatch() - 1);
                queued.addAndGet(-batch.size());
                process(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException | RuntimeException e) {
                fail(batch, e);
            } finally {
                batch.clear();
            }
        }
    }

    private void process(List<Job<?>> batch) throws IOException {
        Done done = new Done(batch.size());
        for (Job<?> job : batch) {
            Tx tx = new Tx(state, job.actorId, job.requestId, clock.getAsLong(), bootstrapListener);
            // a job that replaces the state (reset, restore) first makes the batch's earlier jobs durable
            // and answered, so their documents are saved into the state they changed, not into the new one
            tx.beforeReplacingState(() -> settle(done));
            Object result;
            try {
                result = job.work.apply(tx);
            } catch (RuntimeException e) {
                if (done.failure != null) {
                    throw done.failure;
                }
                log.error("job for '{}' in '{}' failed", job.actorId, experienceId(), e);
                result = new Failed(e);
            }
            // even a failed job's changes are finished and saved, so memory and disk never disagree
            tx.finish();
            done.add(job, tx, result);
            if (tx.lifecycle() != null) {
                settle(done); // the history break goes out on its own, before any job of the new epoch
            }
        }
        settle(done);
    }

    /** The jobs run so far in a batch, not yet durable and answered. */
    private static final class Done {
        final List<Job<?>> jobs;
        final List<Tx> txs;
        final List<Object> results;
        java.io.UncheckedIOException failure;

        Done(int size) {
            jobs = new ArrayList<>(size);
            txs = new ArrayList<>(size);
            results = new ArrayList<>(size);
        }

        void add(Job<?> job, Tx tx, Object result) {
            jobs.add(job);
            txs.add(tx);
            results.add(result);
        }

        void clear() {
            jobs.clear();
            txs.clear();
            results.clear();
        }
    }

    /** Saves, publishes and answers the jobs run so far (one group commit). */
    private void settle(Done done) {
        if (done.jobs.isEmpty()) {
            return;
        }
        List<Versions> versions = new ArrayList<>(done.jobs.size());
        for (int i = 0; i < done.jobs.size(); i++) {
            versions.add(done.results.get(i) instanceof Failed ? null : done.txs.get(i).versions());
        }
        try {
            persist(done.txs);
        } catch (IOException e) {
            done.failure = new java.io.UncheckedIOException(e);
            throw done.failure; // run() stops the engine and fails the batch's futures
        }
        List<Delta> all = new ArrayList<>();
        done.txs.forEach(tx -> all.addAll(tx.finish()));
        if (!all.isEmpty()) {
            sink.publish(all);
        }
        for (Tx tx : done.txs) {
            if (tx.lifecycle() != null) {
                log.info("experience '{}': new epoch {} ({}), was {}", experienceId(), tx.lifecycle().epoch(),
                        tx.lifecycle().reason(), tx.lifecycle().previousEpoch());
                sink.lifecycle(tx.lifecycle());
            }
        }
        stats.batches.increment();
        stats.jobs.add(done.jobs.size());
        for (int i = 0; i < done.jobs.size(); i++) {
            complete(done.jobs.get(i), done.results.get(i), done.txs.get(i).finish(), versions.get(i));
        }
        done.clear();
    }

    private void persist(List<Tx> txs) throws IOException {
        Map<DocKey, byte[]> docs = new LinkedHashMap<>();
        for (Tx tx : txs) {
            for (DocKey key : tx.dirty()) {
                docs.putIfAbsent(key, null);
            }
        }
        if (docs.isEmpty()) {
            return;
        }
        docs.replaceAll((key, ignored) -> state.serialize(key));
        int waiting = state.store().commit(docs);
        stats.commits.increment();
        boolean backupWaiting = state.store().hasDeferredBackup(); // its files are linked by the next fold
        if ((waiting > Settings.EARLY_FOLD_RECORDS || backupWaiting) && folder != null
                && foldRequested.compareAndSet(false, true)) {
            folder.execute(() -> {
                foldRequested.set(false);
                foldQuietly();
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Job<T> job, Object result, List<Delta> deltas, Versions versions) {
        if (result instanceof Failed failed) {
            job.future.completeExceptionally(failed.error());
        } else {
            job.future.complete(new Outcome<>((T) result, deltas, versions));
        }
    }

    private void foldQuietly() {
        try {
            state.store().fold();
            state.store().prepareLog();
        } catch (IOException | RuntimeException e) {
            // the commit record still holds everything; the next fold retries
            log.warn("folding state of '{}' failed: {}", experienceId(), e.toString());
        }
    }

    /** A failed write leaves memory ahead of disk: stop serving this experience rather than acknowledge lies. */
    private void fail(List<Job<?>> batch, Exception e) {
        failure = "state could not be saved: " + e;
        log.error("experience '{}' stopped: {}", experienceId(), failure, e);
        EngineException error = new EngineException(ErrorCodes.EXPERIENCE_UNAVAILABLE, failure);
        batch.forEach(job -> job.future.completeExceptionally(error));
        running = false;
        Job<?> waiting;
        while ((waiting = queue.poll()) != null) {
            waiting.future.completeExceptionally(error);
        }
    }

    @Override
    public void close() {
        running = false;
        folder.shutdownNow();
        try {
            folder.awaitTermination(5, TimeUnit.SECONDS);
            writer.join(5_000);
            if (!writer.isAlive()) {
                state.store().fold();
                state.store().close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("final fold of '{}' failed (the commit record still holds the state): {}", experienceId(), e.toString());
        }
    }

    /** A job that threw (a value of its own, so a job may return exceptions as results). */
    private record Failed(RuntimeException error) {
    }

    private record Job<T>(String actorId, String requestId, Function<Tx, T> work, CompletableFuture<Outcome<T>> future) {
    }
}
