package io.gaia.events;

/**
 * The value of one experience's ownership lease in the JetStream KV bucket {@code gaia_kb_owners}
 * (key: the experience id, KV-encoded). Written by the kb-service instance that holds the lease when
 * it acquires and every time it renews it; the bucket's TTL ends it when renewals stop.
 *
 * @param instance   the owning kb-service instance id
 * @param experience the experience id (plain, as the key encodes it)
 * @param leaseId    random per acquisition: tells this owner's own writes apart from an earlier or later
 *                   lease of the same instance (a renewal whose answer was lost is recognised by it)
 */
public record OwnerLease(String instance, String experience, String leaseId) {

    public OwnerLease {
        Required.text(instance, "instance");
        Required.text(experience, "experience");
        Required.text(leaseId, "lease_id");
    }
}
