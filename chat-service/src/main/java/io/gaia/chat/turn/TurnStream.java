package io.gaia.chat.turn;

import io.gaia.events.chat.ChatStreamEvent;
import io.gaia.events.WorldUpdateEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The single ordered outlet of one chat turn. NATS deltas, the deltas carried in kb's action
 * response and narrative chunks all arrive here from different threads; emission is serialised
 * so a world_update is written the moment it arrives, never queued behind narrative that has
 * not been produced yet. A delta seen twice (NATS and the action response) is delivered once.
 */
public final class TurnStream {

    private final Sinks.Many<ChatStreamEvent> sink = Sinks.many().unicast().onBackpressureBuffer();
    private final String experience;
    private final long startNanos = System.nanoTime();
    private final Set<Object> delivered = new HashSet<>();
    private final List<WorldUpdateEvent> worldUpdates = new ArrayList<>();
    private final StringBuilder narrative = new StringBuilder();
    private long firstWorldUpdateNanos = -1;
    private long firstContentNanos = -1;
    private boolean finished;

    public TurnStream(String experience) {
        this.experience = experience;
    }

    public Flux<ChatStreamEvent> events() {
        return sink.asFlux();
    }

    public synchronized void metadata(Map<String, Object> fields) {
        emit(ChatStreamEvent.Metadata.of(fields));
    }

    /** Delivers a delta of this turn's experience unless it was already delivered; true when delivered now. */
    public synchronized boolean worldUpdate(WorldUpdateEvent event) {
        if (finished || !experience.equals(event.experience()) || !delivered.add(identity(event))) {
            return false;
        }
        if (firstWorldUpdateNanos < 0) {
            firstWorldUpdateNanos = System.nanoTime();
        }
        worldUpdates.add(event);
        emit(new ChatStreamEvent.WorldUpdate(event));
        return true;
    }

    public synchronized void content(String text) {
        if (finished || text.isEmpty()) {
            return;
        }
        if (firstContentNanos < 0) {
            firstContentNanos = System.nanoTime();
        }
        narrative.append(text);
        emit(ChatStreamEvent.Content.of(text));
    }

    /** Ends the turn normally: the timings, then {@code done}. */
    public synchronized void complete(Map<String, Object> extra) {
        if (finished) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(extra);
        fields.putAll(timings());
        emit(ChatStreamEvent.Metadata.of(fields));
        finish();
    }

    /** Ends the turn on a failure: {@code error}, then {@code done}. World updates already sent stay sent. */
    public synchronized void fail(String code, String message) {
        if (finished) {
            return;
        }
        emit(ChatStreamEvent.Error.of(code, message));
        finish();
    }

    public synchronized boolean finished() {
        return finished;
    }

    public synchronized String narrative() {
        return narrative.toString();
    }

    public synchronized List<WorldUpdateEvent> worldUpdates() {
        return List.copyOf(worldUpdates);
    }

    /** From the start of the turn to its first world_update; null when it had none. */
    public synchronized java.time.Duration timeToWorldUpdate() {
        return firstWorldUpdateNanos < 0 ? null : java.time.Duration.ofNanos(firstWorldUpdateNanos - startNanos);
    }

    /** From the start of the turn to its first narrative chunk; null when it had none. */
    public synchronized java.time.Duration timeToFirstContent() {
        return firstContentNanos < 0 ? null : java.time.Duration.ofNanos(firstContentNanos - startNanos);
    }

    public synchronized Map<String, Object> timings() {
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("time_to_world_update_ms", sinceStart(firstWorldUpdateNanos));
        timings.put("time_to_first_content_ms", sinceStart(firstContentNanos));
        timings.put("total_ms", sinceStart(System.nanoTime()));
        return timings;
    }

    private void finish() {
        emit(ChatStreamEvent.Done.of());
        finished = true;
        sink.tryEmitComplete();
    }

    private Double sinceStart(long nanos) {
        return nanos < 0 ? null : Math.round((nanos - startNanos) / 10_000.0) / 100.0;
    }

    private void emit(ChatStreamEvent event) {
        // FAIL_CANCELLED (the client went away) is fine to ignore: the turn is being torn down.
        sink.tryEmitNext(event);
    }

    /** Versioned deltas are identified by (experience, scope, snapshot_version); unversioned ones by value. */
    private static Object identity(WorldUpdateEvent event) {
        if (event.scope() != null && event.snapshotVersion() != null) {
            // zones have chains of their own: two zones' deltas may share a version
            return java.util.Arrays.asList(event.experience(), event.scope(), event.zone(), event.snapshotVersion());
        }
        return event;
    }
}
