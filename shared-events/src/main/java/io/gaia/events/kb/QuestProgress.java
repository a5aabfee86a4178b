package io.gaia.events.kb;

import java.util.Map;

/**
 * One player's progress in one quest: {@code status} (active|complete), counters, when it was
 * accepted/completed, and in a quest with stages the id of the current {@code stage}.
 */
public record QuestProgress(String status, Map<String, Integer> progress, Long acceptedAt, Long completedAt,
                            String stage) {

    public QuestProgress(String status, Map<String, Integer> progress, Long acceptedAt, Long completedAt) {
        this(status, progress, acceptedAt, completedAt, null);
    }
}
