package io.gaia.bench;

import io.gaia.testsupport.ChildProcesses;
import io.gaia.testsupport.NatsCluster;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor under issue 13's 8 × 3 throughput target: NATS request-reply alone, through the clustered
 * layout's 3-node nats-server cluster on loopback, with responders that answer at once (no rules, no
 * journal) after publishing {@code deltas} deltas per request (2, as a collect's world and player deltas)
 * into a stream of {@code stream-replicas} replicas (3, as the clustered layout's world-updates stream;
 * 0: none), on one connection per node (the three kb-service instances' places), and
 * {@code experiences} × {@code players} closed-loop requesters on two connections (two session-service
 * instances). Every durable action costs at least one such round trip, so actions/s through GAIA's
 * clustered layout can not exceed what this measures on the same machine.
 * <pre>
 * java -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" io.gaia.bench.RequestReplyFloor \
 *     experiences=8 players=64 seconds=20 warmup=10 [stream-replicas=3] [deltas=2]
 * </pre>
 */
public final class RequestReplyFloor {

    private RequestReplyFloor() {
    }

    public static void main(String[] args) throws Exception {
        Parameters p = Parameters.of(args);
        int experiences = p.integer("experiences", 8);
        int players = p.integer("players", 64);
        int seconds = p.integer("seconds", 20);
        int warmup = p.integer("warmup", 10);
        int nodes = 3;
        int replicas = p.integer("stream-replicas", 3);
        int deltas = p.integer("deltas", 2);
        ChildProcesses.reapOnExit();
        byte[] request = new byte[p.integer("request-bytes", 400)];
        byte[] reply = new byte[p.integer("reply-bytes", 300)];
        byte[] delta = new byte[p.integer("delta-bytes", 600)];
        Arrays.fill(delta, (byte) 'd');
        Arrays.fill(request, (byte) 'r');
        Arrays.fill(reply, (byte) 'a');
        try (NatsCluster cluster = NatsCluster.start(nodes)) {
            if (replicas > 0) {
                try (Connection admin = cluster.connect()) {
                    admin.jetStreamManagement().addStream(io.nats.client.api.StreamConfiguration.builder()
                            .name("FLOOR_UPDATES").subjects("floor.updates.>").replicas(replicas)
                            .storageType(io.nats.client.api.StorageType.File).maxAge(java.time.Duration.ofMinutes(5)).build());
                }
            }
            List<Connection> responders = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Connection connection = Nats.connect(new io.nats.client.Options.Builder().server(cluster.url(i)).build());
                Dispatcher answers = connection.createDispatcher(message -> {
                    for (int d = 0; replicas > 0 && d < deltas; d++) {
                        connection.publish("floor.updates." + message.getSubject().split("\\.")[2], delta);
                    }
                    connection.publish(message.getReplyTo(), reply);
                });
                answers.subscribe("kb.request.*.action", "kb-service");
                connection.flush(java.time.Duration.ofSeconds(5));
                responders.add(connection);
            }
            Thread.sleep(1000); // the queue subscriptions reach every node
            List<Connection> requesters = List.of(Nats.connect(new io.nats.client.Options.Builder().server(cluster.url(0)).build()),
                    Nats.connect(new io.nats.client.Options.Builder().server(cluster.url(nodes - 1)).build()));
            AtomicLong answered = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            for (int e = 0; e < experiences; e++) {
                for (int n = 0; n < players; n++) {
                    Connection connection = requesters.get((e * players + n) % requesters.size());
                    loop(connection, "kb.request.exp-" + e + ".action", request, running, answered, failed);
                }
            }
            Thread.sleep(warmup * 1000L);
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            long before = answered.get();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long done = answered.get() - before;
            double elapsed = (System.nanoTime() - start) / 1e9;
            running.set(false);
            System.out.printf("load average before: %s%n", load);
            System.out.printf("request-reply floor: %d-node cluster, %d experiences x %d closed-loop players, %s, %d s: "
                            + "%.0f round trips/s (%d failed)%n", nodes, experiences, players,
                    replicas > 0 ? deltas + " deltas per request into an R" + replicas + " stream" : "no stream", seconds,
                    done / elapsed, failed.get());
            System.out.printf("load average after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
            Thread.sleep(2000);
            if (replicas > 0) {
                try (Connection admin = cluster.connect()) {
                    long stored = admin.jetStreamManagement().getStreamInfo("FLOOR_UPDATES").getStreamState().getMsgCount();
                    System.out.printf("deltas stored by the stream: %d of %d published (warm-up included)%n", stored,
                            (answered.get() + failed.get()) * deltas);
                }
            }
            for (Connection connection : requesters) {
                connection.close();
            }
            for (Connection connection : responders) {
                connection.close();
            }
        }
        System.exit(0);
    }

    /** One closed-loop player: the next request as soon as the last is answered. */
    private static void loop(Connection connection, String subject, byte[] body, AtomicBoolean running,
                             AtomicLong answered, AtomicLong failed) {
        if (!running.get()) {
            return;
        }
        connection.requestWithTimeout(subject, body, java.time.Duration.ofSeconds(10)).whenComplete((message, error) -> {
            if (error == null) {
                answered.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
            loop(connection, subject, body, running, answered, failed);
        });
    }
}
