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
