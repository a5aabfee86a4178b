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
 * journal record, group commit: fdatasync'd locally, or accepted by a JetStream quorum), publishes
 * the batch's deltas, and only then completes the jobs' futures. No lock is held by any other
 * thread, and a Netty event loop only ever enqueues.
 *
 * <p>Jobs sent with {@link #submitOnce} run once per (actor, request id): their answer is
 * remembered in the same record, and a repeat gets it back without running anything. When the
 * journal refuses a record because another instance wrote after this one (fenced), the engine
 * stops with {@link ErrorCodes#NOT_OWNER} and acknowledges nothing more.
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
    private volatile String failureCode = ErrorCodes.EXPERIENCE_UNAVAILABLE;
    private final BatchStats stats;

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

        /** The engine's refusal a job's future failed with (as it is, or inside a CompletionException), else null. */
        public static EngineException in(Throwable error) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            return cause instanceof EngineException e ? e : null;
        }
    }

    public ExperienceEngine(ExperienceContent content, StateStore store, tools.jackson.databind.json.JsonMapper mapper,
                            DeltaSink sink, Settings settings, Tx.BootstrapListener bootstrapListener,
                            LongSupplier clock) throws IOException {
        this(content, store, mapper, sink, settings, bootstrapListener, clock, new BatchStats());
    }

    /** As above, counting into {@code stats} (the experience's counts across the engines it has had). */
    public ExperienceEngine(ExperienceContent content, StateStore store, tools.jackson.databind.json.JsonMapper mapper,
                            DeltaSink sink, Settings settings, Tx.BootstrapListener bootstrapListener,
                            LongSupplier clock, BatchStats stats) throws IOException {
        this.stats = stats;
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

    /** The {@link ErrorCodes} value of {@link #failure()} (e.g. {@link ErrorCodes#NOT_OWNER} once fenced out). */
    public String failureCode() {
        return failureCode;
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
        Job<T> job = new Job<>(actorId, requestId, work, new CompletableFuture<>(), null, null);
        enqueue(job);
        return job.future;
    }

    /**
     * Queues {@code work} to run at most once for ({@code actorId}, {@code requestId}); the future
     * completes with the answer {@code answer} makes of its outcome, durable with the job's changes.
     * A repeat of the same pair (while remembered, see {@link RememberedAnswers}) completes with the
     * first answer and runs nothing. Without a request id it simply runs.
     */
    @SuppressWarnings("unchecked")
    public <T, R> CompletableFuture<R> submitOnce(String actorId, String requestId, Function<Tx, T> work,
                                                  Function<Outcome<T>, R> answer, AnswerCodec<R> codec) {
        Job<T> job = new Job<>(actorId, requestId, work, new CompletableFuture<>(),
                new Answering<>((Function<Outcome<T>, Object>) answer, (AnswerCodec<Object>) codec), new CompletableFuture<>());
        enqueue(job);
        return (CompletableFuture<R>) job.answered;
    }

    /** How a run-once job's answer is kept in the journal (JSON bytes) and read back for a repeat. */
    public interface AnswerCodec<R> {
        byte[] encode(R answer);

        R decode(byte[] json);
    }

    private record Answering<T>(Function<Outcome<T>, Object> make, AnswerCodec<Object> codec) {
    }

    /** A run-once job's answer: the value handed back and its bytes for the record. */
    private record Made(Object value, byte[] json) {
    }

    private void enqueue(Job<?> job) {
        if (failure != null || !running) {
            job.fail(new EngineException(failureCode,
                    "experience '" + experienceId() + "' is unavailable: " + (failure == null ? "stopped" : failure)));
            return;
        }
        if (queued.incrementAndGet() > settings.maxQueue()) {
            queued.decrementAndGet();
            job.fail(new EngineException(ErrorCodes.RATE_LIMITED,
                    "too many actions waiting for experience '" + experienceId() + "'"));
            return;
        }
        queue.add(job);
        if (failure != null && queue.remove(job)) {
            // the writer stopped between our check and the add; nobody else will answer this job
            job.fail(new EngineException(failureCode, failure));
        }
    }

    private void initialise() throws IOException {
        Tx tx = new Tx(state, "kb-service", null, clock.getAsLong(), bootstrapListener);
        if (state.model() == io.gaia.kb.experience.StateModel.SHARED) {
            adoptInterest(tx, tx.worldOf("kb-service"));
        }
        tx.finish();
        persist(List.of(tx));
        if (state.store().startedEpoch()) {
            // a fresh or wiped state folder: whatever history NATS still holds is of another epoch
            sink.lifecycle(io.gaia.events.ExperienceLifecycleEvent.of(experienceId(), state.store().epoch(), null,
                    io.gaia.events.ExperienceLifecycleEvent.REASON_FRESH_STATE, clock.getAsLong()));
        } else if (tx.lifecycle() != null) {
            log.info("experience '{}': new epoch {} ({}), was {}", experienceId(), tx.lifecycle().epoch(),
                    tx.lifecycle().reason(), tx.lifecycle().previousEpoch());
            sink.lifecycle(tx.lifecycle());
        }
    }

    /**
     * The content's {@code state.interest} is not the one the world's chains were written with (it
     * changed across a restart, or the state moved here from an instance with other content): every
     * chain has a new name, and a socket following an old one would never hear of it. So the history
     * breaks here, in a new epoch, and every client resyncs from a snapshot of its new chain.
     */
    private void adoptInterest(Tx tx, io.gaia.kb.state.WorldState world) throws IOException {
        String wanted = state.content().config().interest().wireName();
        String held = world.metadata.interest == null ? io.gaia.kb.experience.Interest.ZONE.wireName()
                : world.metadata.interest;
        if (wanted.equals(held)) {
            return;
        }
        world.metadata.interest = wanted;
        tx.markDirty(DocKey.sharedWorld());
        if (!state.store().startedEpoch()) {
            String previous = tx.epoch();
            state.store().newEpoch();
            tx.breakHistory(previous, io.gaia.events.ExperienceLifecycleEvent.REASON_INTEREST_CHANGED);
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
            if (job.once()) {
                if (done.runsOnce(job) && rememberedAnswer(job) == null) {
                    settle(done); // the same request earlier in this batch: its answer is remembered once durable
                }
                byte[] remembered = rememberedAnswer(job);
                if (remembered != null) {
                    tx.finish();
                    done.add(job, tx, new Remembered(remembered));
                    continue;
                }
            }
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

        boolean runsOnce(Job<?> job) {
            for (Job<?> earlier : jobs) {
                if (earlier.once() && earlier.actorId.equals(job.actorId) && earlier.requestId.equals(job.requestId)) {
                    return true;
                }
            }
            return false;
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
        List<Made> answers = answers(done, versions);
        try {
            persist(done.txs, done.jobs, answers);
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
            complete(done.jobs.get(i), done.results.get(i), done.txs.get(i).finish(), versions.get(i), answers.get(i));
        }
        done.clear();
    }

    private byte[] rememberedAnswer(Job<?> job) {
        return state.store().answers().find(job.actorId, job.requestId);
    }

    /** The answers of the batch's run-once jobs (null for the others), made before the record is written. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Made> answers(Done done, List<Versions> versions) {
        List<Made> out = new ArrayList<>(done.jobs.size());
        for (int i = 0; i < done.jobs.size(); i++) {
            Job job = done.jobs.get(i);
            Object result = done.results.get(i);
            if (result instanceof Remembered remembered) {
                try {
                    out.add(new Made(job.answer.codec().decode(remembered.answer()), remembered.answer()));
                } catch (RuntimeException e) {
                    log.error("remembered answer for '{}' in '{}' is unreadable", job.actorId, experienceId(), e);
                    done.results.set(i, new Failed(e));
                    out.add(null);
                }
            } else if (job.answering() && !(result instanceof Failed)) {
                try {
                    Object value = job.answer.make().apply(new Outcome<>(result, done.txs.get(i).finish(), versions.get(i)));
                    out.add(new Made(value, job.once() ? job.answer.codec().encode(value) : null));
                } catch (RuntimeException e) {
                    log.error("answer for '{}' in '{}' could not be made", job.actorId, experienceId(), e);
                    done.results.set(i, new Failed(e));
                    out.add(null);
                }
            } else {
                out.add(null);
            }
        }
        return out;
    }

    private void persist(List<Tx> txs) throws IOException {
        persist(txs, List.of(), List.of());
    }

    private void persist(List<Tx> txs, List<Job<?>> jobs, List<Made> answers) throws IOException {
        // each dirty document: the zones its changes lay in, or null when it is saved whole
        Map<DocKey, java.util.Set<String>> docs = new LinkedHashMap<>();
        java.util.Set<String> actors = new java.util.TreeSet<>();
        for (Tx tx : txs) {
            for (DocKey key : tx.dirty()) {
                java.util.Set<String> zones = tx.zonesChangedOnly(key);
                if (zones == null) {
                    docs.put(key, null);
                } else if (!docs.containsKey(key)) {
                    docs.put(key, new java.util.TreeSet<>(zones));
                } else if (docs.get(key) != null) {
                    docs.get(key).addAll(zones);
                }
            }
            if (!tx.dirty().isEmpty()) {
                actors.add(tx.actorId());
            }
        }
        List<RememberedAnswers.Answer> remember = new ArrayList<>();
        long now = clock.getAsLong();
        for (int i = 0; i < jobs.size(); i++) {
            Job<?> job = jobs.get(i);
            if (job.once() && answers.get(i) != null && rememberedAnswer(job) == null) {
                remember.add(new RememberedAnswers.Answer(job.actorId, job.requestId, now, answers.get(i).json()));
            }
        }
        if (docs.isEmpty() && remember.isEmpty() && !state.store().mustCommit()) {
            return;
        }
        Map<DocKey, DocContent> contents = new LinkedHashMap<>();
        docs.forEach((key, zones) -> contents.put(key, zones == null ? DocContent.whole(state.serialize(key))
                : state.serializeParts(key, zones)));
        int waiting = state.store().commit(new StateStore.Batch(contents, List.copyOf(actors), remember));
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
    private static <T> void complete(Job<T> job, Object result, List<Delta> deltas, Versions versions, Made answer) {
        if (result instanceof Failed failed) {
            job.fail(failed.error());
        } else if (job.answering()) {
            job.answered.complete(answer.value());
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
        Throwable cause = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof Journal.FencedException) {
            failureCode = ErrorCodes.NOT_OWNER;
            failure = "experience '" + experienceId() + "' is now served by another kb-service instance;"
                    + " nothing of this action was saved, retry it";
        } else {
            // unconfirmed is not refused: the record may be stored, and the reopened engine then has it
            failureCode = ErrorCodes.COMMIT_UNCONFIRMED;
            failure = "the experience's state journal did not confirm a commit (" + cause.getMessage()
                    + "); the action may have been saved: retry it with the same request_id";
        }
        log.error("experience '{}' stopped: {}", experienceId(), failure, e);
        EngineException error = new EngineException(failureCode, failure);
        running = false;
        batch.forEach(job -> job.fail(error));
        Job<?> waiting;
        while ((waiting = queue.poll()) != null) {
            waiting.fail(error);
        }
    }

    @Override
    public void close() {
        running = false;
        state.store().stopWaiting();
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

    /** A repeat of a run-once job: the first answer, nothing run. */
    private record Remembered(byte[] answer) {
    }

    private record Job<T>(String actorId, String requestId, Function<Tx, T> work, CompletableFuture<Outcome<T>> future,
                          Answering<T> answer, CompletableFuture<Object> answered) {
        /** Sent by {@link #submitOnce}: completes {@code answered} with an answer. */
        boolean answering() {
            return answered != null;
        }

        /** An answering job with a request id: runs once, its answer is remembered. */
        boolean once() {
            return answered != null && requestId != null;
        }

        void fail(Throwable error) {
            future.completeExceptionally(error);
            if (answered != null) {
                answered.completeExceptionally(error);
            }
        }
    }
}
