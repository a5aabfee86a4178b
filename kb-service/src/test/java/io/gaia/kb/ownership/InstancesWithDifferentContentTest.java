package io.gaia.kb.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.testsupport.NatsTestServer;
import io.nats.client.Options;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Instances whose content differs (a rolling deploy, an experience that fails to load on one) still leave none unowned. */
@Timeout(30)
class InstancesWithDifferentContentTest {

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    private static final Duration TTL = Duration.ofSeconds(1);

    @Test
    void everyExperienceIsOwnedByAnInstanceThatHasItAndStaysThere() throws Exception {
        List<String> full = List.of("e-1", "e-2", "e-3", "e-4", "e-5", "e-6");
        List<String> partial = List.of("e-1", "e-2", "e-3");
        OwnershipRecorder recorder = new OwnershipRecorder();
        List<Member> members = new CopyOnWriteArrayList<>();
        try (recorder) {
            members.add(Member.start("kb-full", options(), TTL, 0, full, recorder.listenerFor("kb-full")));
            members.add(Member.start("kb-partial", options(), TTL, 0, partial, recorder.listenerFor("kb-partial")));
            recorder.startSampling(() -> members.stream().map(m -> m.manager).toList(), full);
            Map<String, String> expected = Placement.assign(Map.of("kb-full", full, "kb-partial", partial));
            assertThat(expected.values()).contains("kb-partial");

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!ownersOf(members, full).equals(expected)) {
                assertThat(System.nanoTime()).as("settled as " + expected + ", now " + ownersOf(members, full))
                        .isLessThan(deadline);
                Thread.sleep(10);
            }
            assertThat(members.get(1).manager.owned()).isSubsetOf(Set.copyOf(partial));

            long settledAt = System.nanoTime();
            Thread.sleep(TTL.multipliedBy(3).toMillis());
            assertThat(recorder.events()).as("no moves once settled").noneMatch(e -> e.at() > settledAt);
            assertThat(recorder.overlaps()).isEmpty();
            assertThat(recorder.sampledOverlaps()).isEmpty();
        } finally {
            for (Member member : members) {
                member.close();
            }
        }
    }

    private static Options.Builder options() {
        return new Options.Builder().server(nats.url()).connectionTimeout(Duration.ofSeconds(2));
    }

    private static Map<String, String> ownersOf(List<Member> members, List<String> experiences) {
        Map<String, String> owners = new java.util.HashMap<>();
        for (String experience : experiences) {
            members.stream().filter(m -> m.manager.owns(experience)).findFirst()
                    .ifPresent(m -> owners.put(experience, m.id));
        }
        return owners;
    }
}
