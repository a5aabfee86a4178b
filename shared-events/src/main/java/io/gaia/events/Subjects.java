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
     * Prefix of the requests to kb-service ({@code kb.request.<experience>.<operation>}); the instance
     * that serves an experience subscribes {@link #kbRequests}.
     */
    public static final String KB_REQUEST = "kb.request";

    /**
     * Questions any kb-service instance answers (a queue group): {@code kb.catalog.<experience>} asks
     * whether an experience exists, so a client that finds nobody serving it can tell "unknown" from
     * "not served right now".
     */
    public static final String KB_CATALOG = "kb.catalog";
    /** Liveness probes of kb-service instances ({@link #kbAlive}). */
    public static final String KB_ALIVE = "kb.alive";
    public static final String ALL_KB_CATALOG = KB_CATALOG + ".*";

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
    private static final String ZONE = WORLD_UPDATES + ".zone.";

    private Subjects() {
    }

    /** A player's private deltas: {@code world.updates.user.<user>}. */
    public static String userUpdates(String userId) {
        return USER + SubjectToken.encode(userId);
    }

    /**
     * One zone's shared-world deltas, in that zone's version chain: {@code world.updates.zone.<experience>.<zone>}.
     * A session-service instance subscribes the zones where it holds players; a change visible everywhere
     * (global state, an NPC's keeping) is published once on each zone's subject, as a link of its chain.
     */
    public static String zoneUpdates(String experienceId, String zoneId) {
        return ZONE + SubjectToken.encode(experienceId) + "." + SubjectToken.encode(zoneId);
    }

    /** Every zone's deltas of one experience: {@code world.updates.zone.<experience>.*} (tools that watch a whole town). */
    public static String allZoneUpdates(String experienceId) {
        return ZONE + SubjectToken.encode(experienceId) + ".*";
    }

    /** The experience and zone a {@link #zoneUpdates} subject was built from, or null when the subject is not one. */
    public static ZoneSubject zoneOf(String subject) {
        if (subject == null || !subject.startsWith(ZONE)) {
            return null;
        }
        String[] tokens = subject.substring(ZONE.length()).split("\\.", -1);
        if (tokens.length != 2) {
            return null;
        }
        try {
            return new ZoneSubject(SubjectToken.decode(tokens[0]), SubjectToken.decode(tokens[1]));
        } catch (IllegalArgumentException notAToken) {
            return null;
        }
    }

    /** What a {@link #zoneUpdates} subject names. */
    public record ZoneSubject(String experienceId, String zoneId) {
    }

    /** Resets and restores of one experience: {@code world.lifecycle.<experience>}. */
    public static String lifecycle(String experienceId) {
        return WORLD_LIFECYCLE + "." + SubjectToken.encode(experienceId);
    }

    /** A request to kb-service about one experience: {@code kb.request.<experience>.<operation>}. */
    public static String kbRequest(String experienceId, io.gaia.events.kb.KbOperation operation) {
        return KB_REQUEST + "." + SubjectToken.encode(experienceId) + "." + operation.token();
    }

    /** Every request about one experience: {@code kb.request.<experience>.*} (what its serving instance subscribes). */
    public static String kbRequests(String experienceId) {
        return KB_REQUEST + "." + SubjectToken.encode(experienceId) + ".*";
    }

    /**
     * The experience and operation of a {@link #kbRequest} subject, or null when the subject is not one
     * (or names an operation kb-service does not know).
     */
    public static KbRequestSubject parseKbRequest(String subject) {
        if (subject == null || !subject.startsWith(KB_REQUEST + ".")) {
            return null;
        }
        String[] tokens = subject.substring(KB_REQUEST.length() + 1).split("\\.", -1);
        if (tokens.length != 2) {
            return null;
        }
        io.gaia.events.kb.KbOperation operation = io.gaia.events.kb.KbOperation.fromToken(tokens[1]);
        try {
            return operation == null ? null : new KbRequestSubject(SubjectToken.decode(tokens[0]), operation);
        } catch (IllegalArgumentException notAToken) {
            return null;
        }
    }

    /** Does the experience exist: {@code kb.catalog.<experience>}. */
    public static String kbCatalog(String experienceId) {
        return KB_CATALOG + "." + SubjectToken.encode(experienceId);
    }

    /** The experience a {@link #kbCatalog} subject asks about, or null when the subject is not one. */
    public static String experienceOfKbCatalog(String subject) {
        if (subject == null || !subject.startsWith(KB_CATALOG + ".")) {
            return null;
        }
        try {
            return SubjectToken.decode(subject.substring(KB_CATALOG.length() + 1));
        } catch (IllegalArgumentException notAToken) {
            return null;
        }
    }

    /** What a {@link #kbRequest} subject names. */
    public record KbRequestSubject(String experienceId, io.gaia.events.kb.KbOperation operation) {
    }

    /**
     * The reply subject of one call under a client's wildcard inbox: {@code <inbox>.<call>}. The
     * client subscribes {@link #replies} once and tells calls apart by the last token.
     */
    public static String reply(String inbox, long call) {
        return inbox + "." + call;
    }

    /** Every reply under a client's inbox: {@code <inbox>.*}. */
    public static String replies(String inbox) {
        return inbox + ".*";
    }

    /** The call number of a {@link #reply} subject, or -1 when the subject is not one under {@code inbox}. */
    public static long callOf(String inbox, String subject) {
        if (subject == null || !subject.startsWith(inbox + ".")) {
            return -1;
        }
        try {
            return Long.parseLong(subject.substring(inbox.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Where a kb-service instance answers "are you there" ({@code kb.alive.<instance>}, empty request and
     * reply): nats-server answers "no responders" at once for an instance whose process died.
     */
    public static String kbAlive(String instanceId) {
        return KB_ALIVE + "." + SubjectToken.encode(instanceId);
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
}
