package io.gaia.events;

/**
 * kb-service's notice that an experience's history became discontinuous (published once on
 * {@link Subjects#lifecycle}): a reset, a restore from a backup, a start on a fresh/wiped state
 * folder, or a start with another interest scope than the state was written with. Versions of {@code previous_epoch} mean nothing in {@code epoch}; every socket of the
 * experience gets a fresh snapshot.
 */
public record ExperienceLifecycleEvent(String type, String experience, String epoch, String previousEpoch,
                                       String reason, Long timestamp) {

    public static final String TYPE = "experience_reset";
    public static final String REASON_RESET = "reset";
    public static final String REASON_RESTORE = "restore";
    public static final String REASON_FRESH_STATE = "fresh_state";
    /** The content's {@code state.interest} changed across a restart: every chain has a new name. */
    public static final String REASON_INTEREST_CHANGED = "interest_changed";

    public ExperienceLifecycleEvent {
        type = type == null ? TYPE : type;
        Required.text(experience, "experience");
        Required.text(epoch, "epoch");
        Required.text(reason, "reason");
        Required.present(timestamp, "timestamp");
    }

    public static ExperienceLifecycleEvent of(String experience, String epoch, String previousEpoch, String reason,
                                              long timestamp) {
        return new ExperienceLifecycleEvent(TYPE, experience, epoch, previousEpoch, reason, timestamp);
    }
}
