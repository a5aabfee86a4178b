package io.gaia.kb.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.events.GaiaJson;
import io.gaia.events.OwnerLease;
import io.gaia.kb.experience.ExperienceCatalog;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Options;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import io.gaia.kb.support.KbServiceTest;

/** kb-service with {@code gaia.kb.ownership.enabled=true} on a single nats-server: one R1 bucket, every experience owned. */
@Timeout(60)
class OwnershipInTheServiceTest extends KbServiceTest {

    static final Map<String, Long> acquired = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gaia.kb.ownership.enabled", () -> "true");
        registry.add("gaia.kb.ownership.ttl", () -> "1500ms");
        registry.add("gaia.kb.ownership.instance-id", () -> "kb-spring");
    }

    @TestConfiguration
    static class Listening {
        @Bean
        OwnershipListener recordingListener() {
            return new OwnershipListener() {
                @Override
                public void acquired(String experience, long leaseRevision) {
                    acquired.put(experience, leaseRevision);
                }

                @Override
                public void released(String experience) {
                    acquired.remove(experience);
                }
            };
        }
    }

    @Autowired
    OwnershipManager ownership;
    @Autowired
    ExperienceCatalog catalog;

    @Test
    void aLoneInstanceOwnsEveryLoadedExperienceAndHandsOverWhatPlacementGivesANewcomer() throws Exception {
        List<String> loaded = catalog.entries().stream().filter(ExperienceCatalog.Entry::loaded)
                .map(ExperienceCatalog.Entry::id).toList();
        assertThat(loaded).isNotEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> ownership.owned().containsAll(loaded));
        assertThat(acquired.keySet()).containsExactlyInAnyOrderElementsOf(loaded);

        try (Connection nc = nats.connect()) {
            KeyValue owners = nc.keyValue(LeaseBuckets.OWNERS);
            assertThat(owners.getStatus().getReplicas()).as("auto replicas on a lone server").isEqualTo(1);
            assertThat(owners.getStatus().getTtl()).isEqualTo(Duration.ofMillis(1500));
            for (String experience : loaded) {
                OwnerLease lease = GaiaJson.create().read(owners.get(LeaseKeys.encode(experience)).getValue(),
                        OwnerLease.class);
                assertThat(lease.instance()).isEqualTo("kb-spring");
                assertThat(ownership.leaseRevision(experience)).hasValue(acquired.get(experience));
            }
        }

        String newcomer = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "kb-other-" + i)
                .filter(id -> placedOn(id, loaded).size() == 1).findFirst().orElseThrow();
        List<String> placedOnNewcomer = placedOn(newcomer, loaded);
        try (Member other = Member.start(newcomer, new Options.Builder().server(nats.url()), Duration.ofMillis(1500),
                0, loaded, OwnershipListener.NONE)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> other.manager.owned().equals(Set.copyOf(placedOnNewcomer)));
            assertThat(ownership.owned()).doesNotContainAnyElementsOf(placedOnNewcomer);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ownership.owned().containsAll(loaded));
    }

    private static List<String> placedOn(String newcomer, List<String> experiences) {
        Map<String, String> placement = Placement.assign(experiences, List.of("kb-spring", newcomer));
        return experiences.stream().filter(e -> placement.get(e).equals(newcomer)).toList();
    }
}
