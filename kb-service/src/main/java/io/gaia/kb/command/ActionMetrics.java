package io.gaia.kb.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;

/**
 * {@code gaia.kb.actions{command,result}} (result = {@code success} or the error code) and
 * {@code gaia.kb.action.latency{command}} (histogram: queueing, rules, durable write, publish).
 */
public final class ActionMetrics {

    private final MeterRegistry registry;
    private final Set<String> knownCommands;

    public ActionMetrics(MeterRegistry registry, Set<String> knownCommands) {
        this.registry = registry;
        this.knownCommands = Set.copyOf(knownCommands);
    }

    public void record(String command, String result, long startNanos) {
        String tag = knownCommands.contains(command) ? command : "unknown";
        Counter.builder("gaia.kb.actions").description("Actions by command and result")
                .tag("command", tag).tag("result", result).register(registry).increment();
        Timer.builder("gaia.kb.action.latency").description("Time from receiving an action to its durable, published result")
                .tag("command", tag).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(5)).register(registry)
                .record(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
