package io.gaia.events;

/**
 * Every NATS subject GAIA uses is built here, and only here. Ids always pass through
 * {@link SubjectToken#encode}, so no caller can turn an id into a wildcard or an extra token.
 */
public final class Subjects {

    /** Prefix of every world-update subject; the JetStream stream captures {@link #ALL_WORLD_UPDATES}. */
    public static final String WORLD_UPDATES = "world.updates";
    public static final String ALL_WORLD_UPDATES = WORLD_UPDATES + ".>";
    /** JetStream stream that keeps recent world updates for replay to reconnecting clients. */
    public static final String WORLD_UPDATES_STREAM = "WORLD_UPDATES";

    /**
     * Prefix of the experience lifecycle subjects ({@link ExperienceLifecycleEvent}). Deliberately
     * outside {@link #WORLD_UPDATES}, so the JetStream stream never keeps them and replay never sees them.
     */
    public static final String WORLD_LIFECYCLE = "world.lifecycle";
    public static final String ALL_LIFECYCLE = WORLD_LIFECYCLE + ".>";

    /**
     * Prefix of kb-service's commit-record subjects ({@link #kbJournal}): one subject per experience,
     * captured by the JetStream stream {@link #KB_JOURNAL_STREAM}.
     */
    public static final String KB_JOURNAL = "kb.journal";
    public static final String ALL_KB_JOURNAL = KB_JOURNAL + ".>";
    /** JetStream stream holding kb-service's commit records (the replicated write-ahead log). */
    public static final String KB_JOURNAL_STREAM = "KB_JOURNAL";
    /** JetStream object store bucket holding kb-service's state snapshots. */
    public static final String KB_SNAPSHOTS_BUCKET = "KB_SNAPSHOTS";
    /** JetStream KV bucket naming each experience's latest snapshot (changed by compare-and-set only). */
    public static final String KB_SNAPSHOT_INDEX_BUCKET = "KB_SNAPSHOT_INDEX";

    private static final String USER = WORLD_UPDATES + ".user.";
    private static final String EXPERIENCE = WORLD_UPDATES + ".experience.";

    private Subjects() {
    }

    /** A player's private deltas: {@code world.updates.user.<user>}. */
    public static String userUpdates(String userId) {
        return USER + SubjectToken.encode(userId);
    }

    /** Shared-world deltas every player of an experience receives: {@code world.updates.experience.<experience>}. */
    public static String experienceUpdates(String experienceId) {
        return EXPERIENCE + SubjectToken.encode(experienceId);
    }

    /** Resets and restores of one experience: {@code world.lifecycle.<experience>}. */
    public static String lifecycle(String experienceId) {
        return WORLD_LIFECYCLE + "." + SubjectToken.encode(experienceId);
    }

    /** One experience's commit records: {@code kb.journal.<experience>}. */
    public static String kbJournal(String experienceId) {
        return KB_JOURNAL + "." + SubjectToken.encode(experienceId);
    }

    /**
     * The key (KV) and object-name stem of an experience's snapshot: the subject token with
     * {@code %} spelled {@code =} (KV keys allow {@code [-/_=.a-zA-Z0-9]}, not {@code %}; the token
     * never contains {@code =}, so the spelling stays reversible).
     */
    public static String kbSnapshotKey(String experienceId) {
        return SubjectToken.encode(experienceId).replace('%', '=');
    }

    /** The user id a {@link #userUpdates} subject was built from, or null when the subject is not a user subject. */
    public static String userOf(String subject) {
        return subject != null && subject.startsWith(USER) ? SubjectToken.decode(subject.substring(USER.length())) : null;
    }

    /** The experience id an {@link #experienceUpdates} subject was built from, or null otherwise. */
    public static String experienceOf(String subject) {
        return subject != null && subject.startsWith(EXPERIENCE)
                ? SubjectToken.decode(subject.substring(EXPERIENCE.length())) : null;
    }
}
