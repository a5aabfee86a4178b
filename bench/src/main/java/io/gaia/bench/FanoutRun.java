package io.gaia.bench;

import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.GaiaJson;
import io.gaia.events.StatePaths;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.testsupport.TestTokens;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * session-service's fan-out on its own: N players connected to one experience while shared-world
 * deltas are published to NATS at a fixed rate, exactly as kb-service publishes them (a contiguous
 * version chain continuing kb-service's current world version). Counts deltas delivered to sockets
 * per second and measures publish -> socket receipt.
 */
final class FanoutRun {

    record Result(long published, long delivered, double seconds, long[] latency, ProcessCounters session,
                  long socketWrites) {
        double deliveredPerSecond() {
            return delivered / seconds;
        }
    }

    private static final GaiaJson json = GaiaJson.create();

    private final AtomicLong delivered = new AtomicLong();
    private final Samples latency = new Samples();
    private volatile boolean recording;

    Result run(String sessionUrl, long sessionPid, String kbAddress, String natsUrl, int players, double rate,
               Duration warmup, Duration measure) throws Exception {
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection());
        TestTokens tokens = TestTokens.development();
        String ws = sessionUrl.replaceFirst("^http", "ws") + "/ws/experience?experience=wylding-woods&token=";
        List<BenchSocket> sockets = new ArrayList<>();
        List<CompletableFuture<Void>> connecting = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            BenchSocket socket = BenchSocket.open(client, ws + tokens.player("fan-" + i), this::onText);
            sockets.add(socket);
            connecting.add(socket.connected());
        }
        CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        Thread.sleep(1000);
        long version = worldVersion(kbAddress, tokens.player("fan-0"));
        try (Connection nats = Nats.connect(natsUrl)) {
            long[] next = {version};
            publish(nats, rate, warmup, next);
            delivered.set(0);
            latency.clear();
            recording = true;
            SyscallCount writes = SyscallCount.start(sessionPid);
            ProcessCounters before = ProcessCounters.of(sessionPid);
            long start = System.nanoTime();
            long published = publish(nats, rate, measure, next);
            Thread.sleep(500);
            double seconds = (System.nanoTime() - start) / 1e9;
            recording = false;
            ProcessCounters used = ProcessCounters.of(sessionPid).minus(before);
            long socketWrites = writes.stop();
            sockets.forEach(BenchSocket::close);
            return new Result(published, delivered.get(), seconds, latency.sorted(), used, socketWrites);
        }
    }

    private long publish(Connection nats, double rate, Duration duration, long[] version) {
        String subject = Subjects.zoneUpdates("wylding-woods", "woander_store");
        long[] count = {0};
        Pacer.run(rate, duration, () -> {
            long v = version[0]++;
            WorldUpdateEvent event = WorldUpdateEvent.of("wylding-woods", "bench", VersionScope.WORLD, v, v + 1,
                    List.of(Change.update(StatePaths.npc("louisa"), "louisa", Change.Location.NOWHERE,
                            Map.of("mood", "dreaming"))),
                    System.currentTimeMillis(), new EventMetadata("bench", "shared", "n" + System.nanoTime()))
                    .inZone("woander_store");
            nats.publish(subject, json.write(event));
            count[0]++;
        });
        return count[0];
    }

    private void onText(String text) {
        if (!recording || !text.startsWith("{\"type\":\"world_update\"")) {
            return;
        }
        long now = System.nanoTime();
        delivered.incrementAndGet();
        int at = text.lastIndexOf("\"request_id\":\"n");
        if (at >= 0) {
            int start = at + "\"request_id\":\"n".length();
            long sent = Long.parseLong(text.substring(start, text.indexOf('"', start)));
            latency.add((now - sent) / 1000);
        }
    }

    private static long worldVersion(String kbAddress, String token) throws Exception {
        String body = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(kbAddress + "/experiences/wylding-woods/area-of-interest"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
        return json.readTree(body).path("versions").path("world").asLong();
    }
}
