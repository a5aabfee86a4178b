package io.gaia.events;

import java.util.List;

/**
 * A live kb-service instance, as it heartbeats into the JetStream KV bucket {@code gaia_kb_instances}
 * (key: the instance id, KV-encoded). The bucket's TTL removes an instance that stops heartbeating;
 * experiences are placed only on instances listed there, and only on those that can serve them.
 *
 * @param instance    the instance id
 * @param startedAt   when the instance started (epoch milliseconds), for operators
 * @param experiences the experiences this instance can serve (loaded content), sorted; absent: none
 */
public record KbInstance(String instance, Long startedAt, List<String> experiences) {

    public KbInstance {
        Required.text(instance, "instance");
        Required.present(startedAt, "started_at");
        experiences = experiences == null ? List.of() : List.copyOf(experiences);
    }
}
