package io.gaia.kb.world;

import java.util.List;

/** Where the engine hands deltas after they are durable. Must not block for long (it runs on the writer). */
@FunctionalInterface
public interface DeltaSink {

    DeltaSink NONE = deltas -> { };

    void publish(List<Delta> deltas);

    /** Announces a break in an experience's history (reset, restore, fresh state). Must not block for long. */
    default void lifecycle(io.gaia.events.ExperienceLifecycleEvent event) {
    }
}
