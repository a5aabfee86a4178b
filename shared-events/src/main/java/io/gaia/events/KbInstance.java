package io.gaia.events;

/**
 * A live kb-service instance, as it heartbeats into the JetStream KV bucket {@code gaia_kb_instances}
 * (key: the instance id, KV-encoded). The bucket's TTL removes an instance that stops heartbeating;
 * experiences are placed only on instances listed there.
 *
 * @param instance  the instance id
 * @param startedAt when the instance started (epoch milliseconds), for operators
 */
public record KbInstance(String instance, Long startedAt) {

    public KbInstance {
        Required.text(instance, "instance");
        Required.present(startedAt, "started_at");
    }
}
