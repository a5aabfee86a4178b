package io.gaia.kb.experience;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the content folders so authors' edits are picked up without a restart. Polling (rather
 * than a WatchService) also works on bind mounts and network shares; it runs on its own daemon
 * thread, never on an event loop.
 */
public final class ExperienceWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExperienceWatcher.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kb-experience-watcher");
        thread.setDaemon(true);
        return thread;
    });

    public ExperienceWatcher(ExperienceCatalog catalog, Duration interval) {
        long millis = Math.max(100, interval.toMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                catalog.refresh();
            } catch (RuntimeException e) {
                log.warn("experience refresh failed: {}", e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
