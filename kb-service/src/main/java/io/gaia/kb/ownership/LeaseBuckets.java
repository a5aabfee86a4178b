package io.gaia.kb.ownership;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two KV buckets of ownership, created idempotently on one connection: {@value #INSTANCES}
 * (live instances, TTL = lease TTL, each instance heartbeats every TTL/3) and {@value #OWNERS}
 * (one lease per experience, TTL = lease TTL). {@link #ttl()} is the owners bucket's real TTL: an
 * owner's safety deadline is computed from it, not from local configuration.
 */
record LeaseBuckets(Connection connection, KeyValue instances, KeyValue owners, Duration ttl) {

    static final String INSTANCES = "gaia_kb_instances";
    static final String OWNERS = "gaia_kb_owners";

    private static final Logger log = LoggerFactory.getLogger(LeaseBuckets.class);

    static LeaseBuckets open(Connection connection, Duration ttl, int replicas, Duration requestTimeout)
            throws IOException, JetStreamApiException {
        int resolvedReplicas = replicas > 0 ? replicas : clustered(connection) ? 3 : 1;
        KeyValueManagement kvm = connection.keyValueManagement();
        ensure(kvm, config(INSTANCES, ttl, resolvedReplicas, "live kb-service instances"));
        KeyValueStatus owners = ensure(kvm, config(OWNERS, ttl, resolvedReplicas, "experience ownership leases"));
        Duration actualTtl = owners.getTtl();
        if (!actualTtl.equals(ttl)) {
            log.warn("KV bucket {} has TTL {} (configured here: {}); leases follow the bucket", OWNERS, actualTtl, ttl);
        }
        KeyValueOptions options = KeyValueOptions.builder().jsRequestTimeout(requestTimeout).build();
        return new LeaseBuckets(connection, connection.keyValue(INSTANCES, options),
                connection.keyValue(OWNERS, options), actualTtl);
    }

    private static boolean clustered(Connection connection) {
        String cluster = connection.getServerInfo().getCluster();
        return cluster != null && !cluster.isBlank();
    }

    private static KeyValueConfiguration config(String name, Duration ttl, int replicas, String description) {
        return KeyValueConfiguration.builder().name(name).description(description).ttl(ttl).replicas(replicas)
                .storageType(StorageType.File).maxHistoryPerKey(1).build();
    }

    /** Returns the bucket as it is, creating it when missing (another instance may create it at the same time). */
    private static KeyValueStatus ensure(KeyValueManagement kvm, KeyValueConfiguration config)
            throws IOException, JetStreamApiException {
        try {
            return kvm.getStatus(config.getBucketName());
        } catch (JetStreamApiException missing) {
            if (missing.getErrorCode() != 404) {
                throw missing;
            }
        }
        try {
            KeyValueStatus created = kvm.create(config);
            log.info("created KV bucket {} (TTL {}, replicas {})", config.getBucketName(), config.getTtl(),
                    config.getReplicas());
            return created;
        } catch (JetStreamApiException raced) {
            return kvm.getStatus(config.getBucketName());
        }
    }
}
