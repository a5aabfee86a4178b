package io.gaia.events;

import java.util.List;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A state delta. Apply it only when {@code base_version} equals the version you hold for its
 * {@code scope}, then adopt {@code snapshot_version}; on a mismatch, resync from a snapshot.
 * The codec also reads the v0.3 shape (changes keyed by path) into this record.
 *
 * <p>{@code zone}: in a shared world, each zone has its own version chain, and a {@code world} delta
 * names the zone whose chain its versions belong to (a client holds the chain of the zone it stands
 * in, from its last {@code area_of_interest}). Null for a player's own state and a private world.
 */
public record WorldUpdateEvent(
        String type,
        String version,
        String experience,
        String userId,
        Long baseVersion,
        Long snapshotVersion,
        VersionScope scope,
        @JsonDeserialize(using = ChangesDeserializer.class) List<Change> changes,
        Long timestamp,
        EventMetadata metadata,
        String epoch,
        String zone) {

    public static final String TYPE = "world_update";
    public static final String CURRENT_VERSION = "0.4";
    public static final String LEGACY_VERSION = "0.3";

    /** Without an epoch (tests, legacy producers): see {@link #withEpoch}. */
    public WorldUpdateEvent(String type, String version, String experience, String userId, Long baseVersion,
                            Long snapshotVersion, VersionScope scope, List<Change> changes, Long timestamp,
                            EventMetadata metadata) {
        this(type, version, experience, userId, baseVersion, snapshotVersion, scope, changes, timestamp, metadata, null,
                null);
    }

    /** Without a zone: a player's own state, a private world, or a producer that predates zones. */
    public WorldUpdateEvent(String type, String version, String experience, String userId, Long baseVersion,
                            Long snapshotVersion, VersionScope scope, List<Change> changes, Long timestamp,
                            EventMetadata metadata, String epoch) {
        this(type, version, experience, userId, baseVersion, snapshotVersion, scope, changes, timestamp, metadata, epoch,
                null);
    }

    public WorldUpdateEvent {
        if (type == null) {
            type = TYPE;
        } else if (!TYPE.equals(type)) {
            throw new IllegalArgumentException("type must be '" + TYPE + "' (was '" + type + "')");
        }
        Required.text(version, "version");
        Required.text(experience, "experience");
        Required.present(changes, "changes");
        Required.present(timestamp, "timestamp");
        changes = List.copyOf(changes);
        metadata = metadata == null ? EventMetadata.EMPTY : metadata;
    }

    /** A current-version (v0.4) delta. */
    public static WorldUpdateEvent of(String experience, String userId, VersionScope scope, long baseVersion,
                                      long snapshotVersion, List<Change> changes, long timestamp,
                                      EventMetadata metadata) {
        return new WorldUpdateEvent(TYPE, CURRENT_VERSION, experience, userId, baseVersion, snapshotVersion,
                scope, changes, timestamp, metadata, null, null);
    }

    /**
     * This delta qualified by the history it belongs to: versions are comparable only within one
     * {@code epoch} (kb-service starts a new one on a reset, a restore or a wiped state folder).
     */
    public WorldUpdateEvent withEpoch(String epoch) {
        return new WorldUpdateEvent(type, version, experience, userId, baseVersion, snapshotVersion, scope, changes,
                timestamp, metadata, epoch, zone);
    }

    /** This delta as one link of {@code zone}'s version chain (see the type's comment). */
    public WorldUpdateEvent inZone(String zone) {
        return new WorldUpdateEvent(type, version, experience, userId, baseVersion, snapshotVersion, scope, changes,
                timestamp, metadata, epoch, zone);
    }
}
