package io.gaia.kb.journal;

import io.gaia.events.Subjects;
import io.gaia.kb.world.Journal;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValueManagement;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens {@link JetStreamJournal}s, first making sure the stream, the snapshot object store and its
 * index exist with the configured replicas (file storage). Needs a connected NATS with JetStream:
 * without one an experience cannot start (it would not be durable).
 */
public final class JetStreamJournals implements Journal.Factory {

    private static final Logger log = LoggerFactory.getLogger(JetStreamJournals.class);

    /**
     * @param replicas         JetStream replicas of the stream, object store and index: 1 on one
     *                         node, 3 in a cluster (an append is acknowledged by a quorum of them)
     * @param snapshotInterval least time between two snapshots (each one holds the whole state)
     * @param purgeMargin      commit records kept below the latest snapshot when purging
     * @param timeout          longest wait for a PubAck or a read
     * @param connectWait      how long opening an experience waits for NATS to connect
     * @param appendWindow     how long an append keeps sending its record again while JetStream cannot take
     *                         it (no stream leader during an election, no answer in time), before the
     *                         commit counts as unconfirmed; at least one attempt is always made
     */
    public record Settings(int replicas, Duration snapshotInterval, int purgeMargin, Duration timeout,
                           Duration connectWait, Duration appendWindow) {
        public static final Settings SINGLE_NODE = new Settings(1, Duration.ofSeconds(30), 100, Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(10));

        public Settings {
            if (appendWindow == null || appendWindow.isNegative()) {
                throw new IllegalArgumentException("the append window must be zero or more, was " + appendWindow);
            }
        }
    }

    private final Supplier<Optional<Connection>> connection;
    private final Settings settings;
    private final JsonMapper mapper;
    private Connection prepared;

    public JetStreamJournals(Supplier<Optional<Connection>> connection, Settings settings, JsonMapper mapper) {
        this.connection = connection;
        this.settings = settings;
        this.mapper = mapper;
    }

    @Override
    public Journal open(String experienceId, Path dir) throws IOException {
        Connection nc = awaitConnection();
        try {
            ensure(nc);
            JetStreamOptions options = JetStreamOptions.builder().requestTimeout(settings.timeout()).build();
            return new JetStreamJournal(experienceId, nc.jetStream(options), nc.jetStreamManagement(options),
                    nc.keyValue(Subjects.KB_SNAPSHOT_INDEX_BUCKET), nc.objectStore(Subjects.KB_SNAPSHOTS_BUCKET),
                    settings, mapper, nc.getMaxPayload());
        } catch (JetStreamApiException e) {
            throw new IOException("the JetStream journal could not be set up: " + e.getMessage(), e);
        }
    }

    private Connection awaitConnection() throws IOException {
        long deadline = System.nanoTime() + settings.connectWait().toNanos();
        while (true) {
            Optional<Connection> nc = connection.get();
            if (nc.isPresent()) {
                return nc.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("NATS is not connected, and the state journal is in JetStream");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for NATS", e);
            }
        }
    }

    /** Creates what is missing (once per connection); settings of existing ones are left as they are. */
    private synchronized void ensure(Connection nc) throws IOException, JetStreamApiException {
        if (prepared == nc) {
            return;
        }
        JetStreamManagement jsm = nc.jetStreamManagement();
        if (!jsm.getStreamNames().contains(Subjects.KB_JOURNAL_STREAM)) {
            jsm.addStream(StreamConfiguration.builder().name(Subjects.KB_JOURNAL_STREAM)
                    .subjects(Subjects.ALL_KB_JOURNAL).storageType(StorageType.File).replicas(settings.replicas())
                    .duplicateWindow(JetStreamJournal.duplicateWindow(settings)).build());
            log.info("JetStream stream {} over {} created ({} replicas)", Subjects.KB_JOURNAL_STREAM,
                    Subjects.ALL_KB_JOURNAL, settings.replicas());
        }
        KeyValueManagement kvm = nc.keyValueManagement();
        if (!kvm.getBucketNames().contains(Subjects.KB_SNAPSHOT_INDEX_BUCKET)) {
            kvm.create(KeyValueConfiguration.builder().name(Subjects.KB_SNAPSHOT_INDEX_BUCKET).maxHistoryPerKey(1)
                    .storageType(StorageType.File).replicas(settings.replicas()).build());
        }
        ObjectStoreManagement osm = nc.objectStoreManagement();
        if (!osm.getBucketNames().contains(Subjects.KB_SNAPSHOTS_BUCKET)) {
            osm.create(ObjectStoreConfiguration.builder(Subjects.KB_SNAPSHOTS_BUCKET).storageType(StorageType.File)
                    .replicas(settings.replicas()).build());
        }
        prepared = nc;
    }
}
