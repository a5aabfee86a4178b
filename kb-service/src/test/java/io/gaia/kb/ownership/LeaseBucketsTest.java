package io.gaia.kb.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.testsupport.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(30)
class LeaseBucketsTest {

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    @AfterEach
    void forgetTheBuckets() throws Exception {
        try (Connection nc = nats.connect()) {
            for (String bucket : nc.keyValueManagement().getBucketNames()) {
                nc.keyValueManagement().delete(bucket);
            }
        }
    }

    @Test
    void openingTwiceFindsTheSameBuckets() throws Exception {
        try (Connection nc = nats.connect()) {
            LeaseBuckets first = LeaseBuckets.open(nc, Duration.ofSeconds(3), 0, Duration.ofSeconds(1));
            first.owners().put("wylding-woods", "x".getBytes());
            LeaseBuckets second = LeaseBuckets.open(nc, Duration.ofSeconds(3), 0, Duration.ofSeconds(1));
            assertThat(second.owners().get("wylding-woods")).isNotNull();
            assertThat(second.ttl()).isEqualTo(Duration.ofSeconds(3));
            assertThat(second.owners().getStatus().getReplicas()).isEqualTo(1);
        }
    }

    @Test
    void anExistingBucketsTtlWinsOverTheConfiguredOne() throws Exception {
        try (Connection nc = nats.connect()) {
            nc.keyValueManagement().create(KeyValueConfiguration.builder().name(LeaseBuckets.OWNERS)
                    .ttl(Duration.ofSeconds(2)).storageType(StorageType.File).build());
            LeaseBuckets buckets = LeaseBuckets.open(nc, Duration.ofSeconds(3), 0, Duration.ofSeconds(1));
            assertThat(buckets.ttl()).as("deadlines follow the lease's real lifetime").isEqualTo(Duration.ofSeconds(2));
        }
    }
}
