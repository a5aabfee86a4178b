package io.gaia.support.tools;

import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.WorldUpdateEvent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./gaia tail [--user <id> | --experience <id>]}: prints world updates live from NATS, one
 * line each. Reads {@code GAIA_NATS_URL}. Stops with Ctrl-C.
 */
public final class TailWorldUpdates {

    private TailWorldUpdates() {
    }

    public static void main(String[] args) throws Exception {
        String subject = subjectFrom(args);
        String url = System.getenv().getOrDefault("GAIA_NATS_URL", "nats://127.0.0.1:4222");
        GaiaJson json = GaiaJson.create();
        Connection nats = Nats.connect(new Options.Builder().server(url).maxReconnects(-1).build());
        System.out.println("tailing " + subject + " on " + url + " (Ctrl-C to stop)");
        Dispatcher dispatcher = nats.createDispatcher(message -> System.out.println(describe(json,
                message.getSubject(), message.getData())));
        dispatcher.subscribe(subject);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                nats.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        new CountDownLatch(1).await();
    }

    static String subjectFrom(String[] args) {
        if (args.length == 0) {
            return Subjects.ALL_WORLD_UPDATES;
        }
        if (args.length == 2 && "--user".equals(args[0])) {
            return Subjects.userUpdates(args[1]);
        }
        if (args.length == 2 && "--experience".equals(args[0])) {
            return Subjects.allZoneUpdates(args[1]);
        }
        if (args.length == 3 && "--zone".equals(args[0])) {
            return Subjects.zoneUpdates(args[1], args[2]);
        }
        System.err.println("usage: ./gaia tail [--user <id> | --experience <id> | --zone <experience> <zone>]");
        System.exit(2);
        return null;
    }

    static String describe(GaiaJson json, String subject, byte[] data) {
        try {
            WorldUpdateEvent event = json.read(data, WorldUpdateEvent.class);
            StringBuilder line = new StringBuilder()
                    .append(Instant.ofEpochMilli(event.timestamp())).append(' ')
                    .append(subject).append(' ')
                    .append(event.scope() == null ? "" : event.scope().wireName())
                    .append(" v").append(event.baseVersion()).append("->").append(event.snapshotVersion());
            event.changes().forEach(c -> line.append(" | ").append(c.operation().wireName()).append(' ')
                    .append(c.path()).append(c.instanceId() == null ? "" : " " + c.instanceId()));
            return line.toString();
        } catch (RuntimeException e) {
            return subject + " (unreadable: " + e.getMessage() + ") " + new String(data, StandardCharsets.UTF_8);
        }
    }
}
