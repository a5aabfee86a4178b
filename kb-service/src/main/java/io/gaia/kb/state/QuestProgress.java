package io.gaia.kb.state;

import java.util.LinkedHashMap;
import java.util.Map;

/** One player's progress in one quest. */
public final class QuestProgress {

    public static final String ACTIVE = "active";
    public static final String COMPLETE = "complete";

    public String status;
    public Map<String, Integer> progress = new LinkedHashMap<>();
    public Long acceptedAt;
    public Long completedAt;
    /** The id of the stage the player is on, in a quest with stages (null otherwise). */
    public String stage;
}
