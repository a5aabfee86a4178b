package io.gaia.chat.bench;

import io.gaia.chat.it.ChatClient;
import io.gaia.chat.it.SseTurn;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.JvmLaunch;
import io.gaia.testsupport.stack.GaiaStack;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, not a test: time to world_update and time to first content over N chat turns with the
 * offline narrator, measured by a real SSE client against real processes (nats-server, kb-service,
 * chat-service) on loopback. Run it with {@code chat-service/bench.sh [turns]}.
 * Each turn alternates "take the bottle of joy" / "drop the bottle of joy", so every turn changes state.
 */
public final class ChatBenchmark {

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmup = Math.min(300, turns / 2);
        // at least this long as well: on 2 cores the JVMs are still JIT-compiling for the first minutes
        java.time.Duration warmupTime = java.time.Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 120);
        // Default JVM flags and a 512 MB heap rather than the test flags (C1 only, small heap):
        // a benchmark wants the JVM as it runs in production.
        try (GaiaStack stack = GaiaStack.builder().withChat().sessions(0).jvm(JvmLaunch.packed(List.of("-Xmx512m")))
                .chatProperties(Map.of("gaia.chat.narrator.chunk-delay", "5ms")).start()) {
            ServiceProcess chat = stack.chat();
            ChatClient client = new ChatClient(chat.url());
            String token = TestTokens.development().player("bench-player");
            long warmupEnd = System.nanoTime() + warmupTime.toNanos();
            int warmed = 0;
            while (warmed < warmup || System.nanoTime() < warmupEnd) {
                run(client, token, 50);
                warmed += 50;
            }
            List<Double> toUpdate = new ArrayList<>();
            List<Double> toContent = new ArrayList<>();
            List<Double> serverToUpdate = new ArrayList<>();
            List<Double> serverToContent = new ArrayList<>();
            List<Double> kbAction = new ArrayList<>();
            List<Double> overhead = new ArrayList<>();
            int updateFirst = 0;
            int changed = 0;
            for (int i = 0; i < turns; i++) {
                long start = System.nanoTime();
                SseTurn turn = client.turn(token, i % 2 == 0 ? "take the bottle of joy" : "drop the bottle of joy");
                int update = turn.firstIndexOf("world_update");
                int content = turn.firstIndexOf("content");
                if (update >= 0) {
                    changed++;
                    toUpdate.add(ms(turn.events().get(update).atNanos() - start));
                    serverToUpdate.add(turn.last("metadata").path("time_to_world_update_ms").asDouble());
                    kbAction.add(turn.last("metadata").path("action_ms").asDouble());
                    overhead.add(serverToUpdate.get(serverToUpdate.size() - 1) - kbAction.get(kbAction.size() - 1));
                    if (content < 0 || update < content) {
                        updateFirst++;
                    }
                }
                if (content >= 0) {
                    toContent.add(ms(turn.events().get(content).atNanos() - start));
                    serverToContent.add(turn.last("metadata").path("time_to_first_content_ms").asDouble());
                }
            }
            System.out.printf("turns: %d (after %d warm-up turns, >= %d s), state-changing: %d%n", turns, warmed,
                    warmupTime.toSeconds(), changed);
            System.out.printf("world_update before first content: %d/%d = %.1f%%%n", updateFirst, changed, 100.0 * updateFirst / Math.max(1, changed));
            report("client time to world_update", toUpdate);
            report("client time to first content", toContent);
            report("server time to world_update", serverToUpdate);
            report("server time to first content", serverToContent);
            report("kb-service POST /actions", kbAction);
            report("server to_world_update - kb", overhead);
        }
    }

    private static void run(ChatClient client, String token, int turns) {
        for (int i = 0; i < turns; i++) {
            client.turn(token, i % 2 == 0 ? "take the bottle of joy" : "drop the bottle of joy");
        }
        if (turns % 2 == 1) {
            client.turn(token, "drop the bottle of joy");
        }
    }

    private static void report(String name, List<Double> values) {
        if (values.isEmpty()) {
            System.out.printf("%-30s no samples%n", name);
            return;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf("%-30s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   (n=%d)%n", name,
                pct(sorted, 50), pct(sorted, 99), sorted.get(sorted.size() - 1), sorted.size());
    }

    private static double pct(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
