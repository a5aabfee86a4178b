package io.gaia.kb.publish;

import io.gaia.events.Subjects;
import io.gaia.kb.KbProperties;
import io.gaia.support.nats.NatsConnection;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates (or updates) the JetStream stream {@code WORLD_UPDATES} over {@code world.updates.>} every
 * time NATS (re)connects, so deltas are kept for replay (by age and count) even when NATS started
 * empty. Runs on its own thread: JetStream management calls block.
 */
public final class WorldUpdatesStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorldUpdatesStream.class);

    private final KbProperties.Stream settings;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "kb-stream-setup");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String status = "waiting for NATS";

    public WorldUpdatesStream(NatsConnection nats, KbProperties.Stream settings) {
        this.settings = settings;
        nats.whenConnected(connection -> executor.execute(() -> ensure(connection)));
    }

    public String status() {
        return status;
    }

    void ensure(Connection connection) {
        StreamConfiguration config = StreamConfiguration.builder()
                .name(Subjects.WORLD_UPDATES_STREAM)
                .subjects(Subjects.ALL_WORLD_UPDATES)
                .storageType(StorageType.File)
                .maxAge(settings.maxAge())
                .maxMessages(settings.maxMsgs())
                .replicas(settings.replicas())
                .build();
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            try {
                jsm.getStreamInfo(Subjects.WORLD_UPDATES_STREAM);
                jsm.updateStream(config);
                status = "updated";
            } catch (JetStreamApiException missing) {
                if (missing.getErrorCode() != 404) {
                    throw missing;
                }
                jsm.addStream(config);
                status = "created";
            }
            log.info("JetStream stream {} over {} {} (max age {}, max msgs {})", Subjects.WORLD_UPDATES_STREAM,
                    Subjects.ALL_WORLD_UPDATES, status, settings.maxAge(), settings.maxMsgs());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            status = "failed: " + e.getMessage();
            log.warn("could not create JetStream stream {}: {} (retried on the next reconnect)",
                    Subjects.WORLD_UPDATES_STREAM, e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
