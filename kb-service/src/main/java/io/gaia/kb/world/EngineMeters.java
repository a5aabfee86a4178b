package io.gaia.kb.world;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * An experience's writer meters: {@code gaia.kb.queue.depth}, {@code gaia.kb.commits} and
 * {@code gaia.kb.batched.jobs} (jobs per commit = their ratio), tagged {@code experience}. Each reads
 * through the registry: the queue of whichever engine serves the experience here now (0 while none does),
 * and counts over every engine it has had here, so the counters only grow although with ownership an
 * engine opens when this instance takes the experience, and a new one each time it comes back.
 */
public final class EngineMeters {

    private EngineMeters() {
    }

    /** Registers the meters of {@code experience} (again is a no-op). */
    public static void register(MeterRegistry registry, EngineRegistry engines, String experience) {
        Gauge.builder("gaia.kb.queue.depth", engines, r -> r.queueDepth(experience))
                .tag("experience", experience).register(registry);
        FunctionCounter.builder("gaia.kb.commits", engines,
                        r -> r.total(experience, stats -> stats.commits.sum()))
                .tag("experience", experience).description("Group commits (one durable journal record each)")
                .register(registry);
        FunctionCounter.builder("gaia.kb.batched.jobs", engines,
                        r -> r.total(experience, stats -> stats.jobs.sum()))
                .tag("experience", experience).description("Jobs the writer ran in batches").register(registry);
    }
}
