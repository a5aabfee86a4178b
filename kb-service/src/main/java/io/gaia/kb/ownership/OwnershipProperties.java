package io.gaia.kb.ownership;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Experience ownership across kb-service instances ({@code gaia.kb.ownership.*}).
 *
 * @param enabled    take part in ownership (leases in JetStream KV); off: this instance serves every
 *                   experience alone, as before
 * @param ttl        lease lifetime (the owners bucket's TTL); an owner renews every {@code ttl/3} and stops
 *                   serving when it could not renew for {@code ttl - ttl/6}. A crashed owner's experiences
 *                   move after at most about {@code ttl + ttl/3}
 * @param replicas   replicas of both KV buckets; {@code 0} picks 3 when the server is part of a
 *                   cluster and 1 when it stands alone
 * @param instanceId this instance's id; blank: the host name plus a random suffix (unique per start)
 */
@ConfigurationProperties("gaia.kb.ownership")
public record OwnershipProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("3s") Duration ttl,
        @DefaultValue("0") int replicas,
        @DefaultValue("") String instanceId) {

    public OwnershipProperties {
        if (ttl.toMillis() < 300) {
            throw new IllegalArgumentException("gaia.kb.ownership.ttl must be at least 300ms, was " + ttl);
        }
        if (replicas < 0 || replicas > 5) {
            throw new IllegalArgumentException("gaia.kb.ownership.replicas must be 0 (auto) to 5, was " + replicas);
        }
    }

    /** The settings of one ownership component, with the instance id resolved once. */
    public OwnershipManager.Settings settings() {
        String id = instanceId == null || instanceId.isBlank() ? InstanceIds.generate() : instanceId;
        return new OwnershipManager.Settings(id, ttl, replicas);
    }
}
