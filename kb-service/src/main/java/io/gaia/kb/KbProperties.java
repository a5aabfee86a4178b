package io.gaia.kb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * kb-service settings ({@code gaia.kb.*}).
 *
 * @param experiencesDir content folders; a relative path that does not exist in the working
 *                       directory is also tried one level up, so the service runs from the repository
 *                       root and from {@code kb-service/} alike
 * @param stateDir       where world and player state (and its git history) live
 * @param reloadInterval how often content folders are checked for edits
 * @param maxBatch       most commands one group commit applies before writing once
 * @param maxQueue       commands waiting per experience before new ones are refused ({@code rate_limited})
 * @param foldInterval   how long committed state may stay only in the commit record before it is
 *                       written into the per-document files
 * @param maxRequestSize largest request body accepted over NATS ({@code kb.request.*}); bigger:
 *                       {@code payload_too_large}. Answers have no such bound here: a large one is sent
 *                       in parts, and each client bounds what it reads.
 * @param journal        where commit records go before an action is acknowledged:
 *                       {@code jetstream} (replicated, fenced; needs NATS JetStream, see
 *                       docs/architecture.md "Durability") or {@code file} (local fdatasync'd segments)
 * @param jetstream      the JetStream journal's settings
 * @param idempotency    how long and how many answers to requests with a {@code request_id} are remembered
 * @param forward        how an HTTP call about an experience another instance owns is forwarded to it over
 *                       NATS (ownership only)
 */
@ConfigurationProperties("gaia.kb")
public record KbProperties(
        @DefaultValue("experiences") Path experiencesDir,
        @DefaultValue(".gaia/state") Path stateDir,
        @DefaultValue("1s") Duration reloadInterval,
        @DefaultValue("256") int maxBatch,
        @DefaultValue("10000") int maxQueue,
        @DefaultValue("2s") Duration foldInterval,
        @DefaultValue("256KB") org.springframework.util.unit.DataSize maxRequestSize,
        @DefaultValue("file") JournalKind journal,
        @DefaultValue JetStreamSettings jetstream,
        @DefaultValue Idempotency idempotency,
        @DefaultValue History history,
        @DefaultValue Stream stream,
        @DefaultValue Publish publish,
        @DefaultValue Forward forward,
        @DefaultValue Backups backups) {

    /** Where commit records go. */
    public enum JournalKind { FILE, JETSTREAM }

    /**
     * The JetStream journal: {@code replicas} 1 on one node, 3 in a cluster; a snapshot at most every
     * {@code snapshotInterval}; {@code purgeMargin} records kept below it; {@code timeout} for a
     * PubAck; {@code connectWait} for NATS when an experience opens; {@code appendWindow} for an append
     * to get its record into the stream while JetStream cannot take it (a stream leader election after
     * a node died takes 4-9 s on nats-server 2.9), before the commit counts as unconfirmed.
     */
    public record JetStreamSettings(@DefaultValue("1") int replicas, @DefaultValue("30s") Duration snapshotInterval,
                                   @DefaultValue("100") int purgeMargin, @DefaultValue("5s") Duration timeout,
                                   @DefaultValue("10s") Duration connectWait, @DefaultValue("10s") Duration appendWindow) {
    }

    /** How many backups of each experience are kept: the newest {@code keep}, and no more than {@code maxBytes} of them in the state folder. */
    public record Backups(@DefaultValue("50") int keep, @DefaultValue("2GB") org.springframework.util.unit.DataSize maxBytes) {
    }

    /** Remembered answers per experience: the newest within {@code window}, at most {@code maxEntries} and {@code maxBytes}. */
    public record Idempotency(@DefaultValue("2m") Duration window, @DefaultValue("20000") int maxEntries,
                              @DefaultValue("8MB") org.springframework.util.unit.DataSize maxBytes) {
    }

    /**
     * Git history of the state folder, committed in the background every {@code interval}, and packed
     * once its loose objects take more than {@code packAbove} or number more than {@code packAboveObjects};
     * a new segment starts once {@code .git} takes more than {@code segmentAbove}, and closed segments
     * ({@code .history/}) are deleted, oldest first, beyond {@code keepClosed}.
     */
    public record History(@DefaultValue("true") boolean enabled, @DefaultValue("3s") Duration interval,
                          @DefaultValue("64MB") org.springframework.util.unit.DataSize packAbove,
                          @DefaultValue("20000") int packAboveObjects,
                          @DefaultValue("256MB") org.springframework.util.unit.DataSize segmentAbove,
                          @DefaultValue("1GB") org.springframework.util.unit.DataSize keepClosed) {
    }

    /** The JetStream stream kb-service creates over {@code world.updates.>}. */
    public record Stream(@DefaultValue("24h") Duration maxAge, @DefaultValue("1000000") long maxMsgs,
                         @DefaultValue("1") int replicas) {
    }

    /**
     * Forwarding to the owner: {@code timeout} per answer, {@code retryWindow} while nobody serves the
     * experience (ownership moving), {@code maxResponseSize} of an answer.
     */
    public record Forward(@DefaultValue("10s") Duration timeout, @DefaultValue("10s") Duration retryWindow,
                          @DefaultValue("64MB") org.springframework.util.unit.DataSize maxResponseSize) {
    }

    /** Circuit breaker around NATS publishing. */
    public record Publish(@DefaultValue("50") float failureRateThreshold,
                          @DefaultValue("20") int minimumCalls,
                          @DefaultValue("2s") Duration openWait,
                          @DefaultValue("50ms") Duration slowCall) {
    }

    /** The content folder, resolved as documented above. */
    public Path resolvedExperiencesDir() {
        if (experiencesDir.isAbsolute() || Files.isDirectory(experiencesDir)) {
            return experiencesDir.toAbsolutePath().normalize();
        }
        Path parent = Path.of("..").resolve(experiencesDir);
        return (Files.isDirectory(parent) ? parent : experiencesDir).toAbsolutePath().normalize();
    }
}
