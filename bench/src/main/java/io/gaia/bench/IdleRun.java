package io.gaia.bench;

import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.netty.resources.ConnectionProvider;

/**
 * Opens N idle sockets and measures session-service's heap per connection: live heap after a full
 * GC (jcmd GC.run) with N sockets open, minus the same with none, divided by N.
 */
final class IdleRun {

    record Result(int connections, long baselineBytes, long loadedBytes) {
        double bytesPerConnection() {
            return (loadedBytes - baselineBytes) / (double) connections;
        }
    }

    private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+]+)");

    static Result run(ServiceProcess session, int connections, int users, boolean histogram) throws Exception {
        reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create(
                ConnectionProvider.newConnection());
        TestTokens tokens = TestTokens.development();
        String ws = session.url().replaceFirst("^http", "ws") + "/ws/experience?experience=wylding-woods&token=";
        List<String> userTokens = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            userTokens.add(tokens.player("idle-" + u));
        }
        // Warm up (classes, pools, kb's players), then measure the empty baseline.
        List<BenchSocket> warm = open(client, ws, userTokens, users, 100);
        warm.forEach(BenchSocket::close);
        Thread.sleep(2000);
        long baseline = liveHeap(session);

        List<BenchSocket> sockets = open(client, ws, userTokens, connections, 250);
        Thread.sleep(2000);
        long loaded = liveHeap(session);
        if (histogram) {
            // What the sockets are made of: the top of the live-object histogram.
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(session.pid()), "GC.class_histogram").start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            out.lines().limit(40).forEach(System.out::println);
        }
        sockets.forEach(BenchSocket::close);
        return new Result(sockets.size(), baseline, loaded);
    }

    private static List<BenchSocket> open(reactor.netty.http.client.HttpClient client, String ws, List<String> tokens,
                                          int count, int batch) throws Exception {
        List<BenchSocket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i += batch) {
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            for (int j = i; j < Math.min(count, i + batch); j++) {
                BenchSocket socket = BenchSocket.open(client, ws + tokens.get(j % tokens.size()), text -> { });
                sockets.add(socket);
                pending.add(socket.connected());
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        return sockets;
    }

    /** Heap in use after a full collection, from the service's own metrics endpoint. */
    static long liveHeap(ServiceProcess session) throws Exception {
        for (int i = 0; i < 2; i++) {
            new ProcessBuilder("jcmd", Long.toString(session.pid()), "GC.run").inheritIO()
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            Thread.sleep(500);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(session.url() + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                        .header("Authorization", "Bearer " + TestTokens.development().admin("bench")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher matcher = VALUE.matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no heap metric in " + response.body());
        }
        return (long) Double.parseDouble(matcher.group(1));
    }
}
