package io.gaia.kb.bench;

import io.gaia.events.ActionRequest;
import io.gaia.support.kb.KbClient;
import io.gaia.support.kb.KbException;
import io.gaia.testsupport.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop players over NATS request-reply through the shared {@link KbClient}: {@code players}
 * per experience, each collecting and dropping its own token in turn, the next action sent when the
 * last one's answer (durable, published) is back. Every action carries a new request id, so every one
 * takes kb-service's run-once path (its answer remembered in the same commit record).
 */
final class NatsPlayers {

    private static final TestTokens TOKENS = TestTokens.development();

    private final Calls calls;
    private final List<String> experiences;
    private final int players;
    private final String[] tokens;
    private final AtomicLong requests = new AtomicLong();

    /** What one run measured. */
    record Run(long actions, double seconds, long refused, Map<String, Long> errors, List<Long> latencies) {
        double perSecond() {
            return actions / seconds;
        }
    }

    /** How an action reaches kb-service: {@link KbClient} (the services' way), or {@link RawKbCalls}. */
    interface Calls {
        /** Whether the action succeeded (a refusal is false; a failure completes exceptionally). */
        CompletableFuture<Boolean> action(ActionRequest request, String token);

        static Calls of(KbClient client) {
            return (request, token) -> client.action(request, token).map(response -> response.success()).toFuture();
        }
    }

    NatsPlayers(Calls calls, List<String> experiences, int players) {
        this.calls = calls;
        this.experiences = experiences;
        this.players = players;
        this.tokens = new String[players];
        for (int p = 0; p < players; p++) {
            tokens[p] = TOKENS.player("p" + p);
        }
    }

    /** Every player empty-handed (a drop is refused when there is nothing to drop), so collect/drop alternation matches. */
    void dropAll() {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (String experience : experiences) {
            for (int p = 0; p < players; p++) {
                all.add(act(experience, p, "drop_item").exceptionally(e -> null));
            }
        }
        all.forEach(CompletableFuture::join);
    }

    Run run(int seconds) {
        dropAll();
        LongAdder refused = new LongAdder();
        Map<String, Long> errors = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (String experience : experiences) {
            for (int p = 0; p < players; p++) {
                loops.add(loop(new Player(experience, p, deadline, done, refused, errors, latencies), true));
            }
        }
        loops.forEach(CompletableFuture::join);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Run(done.get(), elapsed, refused.sum(), Map.copyOf(errors), List.copyOf(latencies));
    }

    private record Player(String experience, int index, long deadline, AtomicLong done, LongAdder refused,
                          Map<String, Long> errors, ConcurrentLinkedQueue<Long> latencies) {
    }

    private CompletableFuture<Void> loop(Player player, boolean collect) {
        if (System.nanoTime() >= player.deadline()) {
            return CompletableFuture.completedFuture(null);
        }
        long sent = System.nanoTime();
        return act(player.experience(), player.index(), collect ? "collect_item" : "drop_item")
                .handle((success, error) -> {
                    if (error == null) { // actions/s and latency count answered actions (a refusal is an answer)
                        player.latencies().add(System.nanoTime() - sent);
                        player.done().incrementAndGet();
                    }
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        player.errors().merge(cause instanceof KbException kb ? kb.code() : cause.toString(), 1L,
                                Long::sum);
                    } else if (!success) {
                        player.refused().increment();
                    }
                    return null;
                })
                // a refusal or an error also leaves the token in one state or the other: alternate anyway
                .thenCompose(ignored -> loop(player, !collect));
    }

    private CompletableFuture<Boolean> act(String experience, int player, String action) {
        ActionRequest request = new ActionRequest(experience, action, Map.of("instance_id", BenchExperience.item(player)),
                "bench-" + requests.incrementAndGet());
        return calls.action(request, tokens[player]);
    }
}
