package io.gaia.events.kb;

import java.util.Map;

/** One player's progress in one quest: {@code status} (active|complete), counters, and when it was accepted/completed. */
public record QuestProgress(String status, Map<String, Integer> progress, Long acceptedAt, Long completedAt) {
}
