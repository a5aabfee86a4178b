package io.gaia.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
class NatsClusterTest {

    @Test
    void aReplicatedBucketKeepsItsDataWhileANodeIsKilledAndRestarted() throws Exception {
        List<Long> pids = new ArrayList<>();
        try (NatsCluster cluster = NatsCluster.start(3); Connection nc = cluster.connect()) {
            for (int i = 0; i < 3; i++) {
                pids.add(cluster.pid(i));
            }
            nc.keyValueManagement().create(KeyValueConfiguration.builder().name("probe").replicas(3)
                    .storageType(StorageType.File).build());
            KeyValue kv = nc.keyValue("probe");
            kv.put("k", "before");

            cluster.kill(0);
            assertThat(cluster.isRunning(0)).isFalse();
            assertThat(ProcessHandle.of(pids.get(0)).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            long revision = retry(() -> kv.put("k", "during"), Duration.ofSeconds(15));
            assertThat(new String(kv.get("k").getValue())).isEqualTo("during");

            cluster.restart(0);
            assertThat(cluster.metaLeader(0)).isNotEmpty();
            assertThat(kv.put("k", "after")).isGreaterThan(revision);
        }
        assertThat(pids).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    }

    interface Call<T> {
        T call() throws Exception;
    }

    /** Retries while the cluster elects new stream leaders after a kill. */
    static <T> T retry(Call<T> call, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            try {
                return call.call();
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
