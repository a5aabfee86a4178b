package io.gaia.chat.turn;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * chat-service's turn meters: how long a turn took to its first world_update (the number players
 * feel) and to its first narrative, and how turns ended. Histograms, so p50/p99 can be queried.
 */
@Component
public class ChatMetrics {

    private final Timer timeToWorldUpdate;
    private final Timer timeToFirstContent;
    private final Counter completed;
    private final Counter failed;

    public ChatMetrics(MeterRegistry registry) {
        this.timeToWorldUpdate = latency(registry, "gaia.chat.time.to.world.update", "start of a turn to its first world_update");
        this.timeToFirstContent = latency(registry, "gaia.chat.time.to.first.content", "start of a turn to its first narrative chunk");
        this.completed = registry.counter("gaia.chat.turns", "result", "completed");
        this.failed = registry.counter("gaia.chat.turns", "result", "failed");
    }

    private static Timer latency(MeterRegistry registry, String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    void turnEnded(TurnStream turn, boolean success) {
        (success ? completed : failed).increment();
        Duration toWorldUpdate = turn.timeToWorldUpdate();
        if (toWorldUpdate != null) {
            timeToWorldUpdate.record(toWorldUpdate);
        }
        Duration toContent = turn.timeToFirstContent();
        if (toContent != null) {
            timeToFirstContent.record(toContent);
        }
    }
}
