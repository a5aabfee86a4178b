package io.gaia.session.connection;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writers woken together (one delta offered to every socket of a zone): {@link #run} hands each event
 * loop one task that runs its writers, instead of one task, and maybe one wakeup, per socket.
 * One thread only.
 */
public final class WriteBatch {

    private final Map<EventExecutor, List<SocketWriter>> byLoop = new IdentityHashMap<>(8);

    /** Wakes {@code writer} with this batch (nothing when it is already due to run). */
    void wake(SocketWriter writer) {
        if (writer.claim()) {
            byLoop.computeIfAbsent(writer.loop(), loop -> new ArrayList<>()).add(writer);
        }
    }

    /** Runs the woken writers on their event loops; the batch is empty afterwards. */
    public void run() {
        for (Map.Entry<EventExecutor, List<SocketWriter>> entry : byLoop.entrySet()) {
            List<SocketWriter> writers = entry.getValue();
            entry.getKey().execute(() -> writers.forEach(SocketWriter::drain));
        }
        byLoop.clear();
    }
}
