package io.gaia.e2e.traffic;

import io.gaia.events.Subjects;
import io.gaia.events.kb.KbHeaders;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Listens to the services' requests to kb-service ({@code kb.request.>}) and to the replies sent to
 * their reply subjects (under {@code _INBOX.>}, where only replies to a seen request are kept), and
 * joins an answer that came in parts ({@code Gaia-Parts}).
 */
public final class KbTap implements AutoCloseable {

    /** One request and its answer (status -1 and no body while none came). */
    public record Exchange(String subject, byte[] request, int status, byte[] reply) {
    }

    private final Connection connection;
    /** Reply subject -> request, in the order seen. */
    private final Map<String, Exchange> exchanges = new java.util.LinkedHashMap<>();
    /** Reply subject -> the parts of a split answer so far. */
    private final Map<String, TreeMap<Integer, byte[]>> parts = new HashMap<>();

    private KbTap(Connection connection) {
        this.connection = connection;
    }

    public static KbTap listen(String natsUrl) throws Exception {
        Connection connection = Nats.connect(new Options.Builder().server(natsUrl)
                .connectionTimeout(Duration.ofSeconds(5)).build());
        KbTap tap = new KbTap(connection);
        Dispatcher dispatcher = connection.createDispatcher(message -> {
            synchronized (tap) {
                if (message.getSubject().startsWith(Subjects.KB_REQUEST + ".")) {
                    if (message.getReplyTo() != null) {
                        tap.exchanges.put(message.getReplyTo(), new Exchange(message.getSubject(), bytes(message.getData()),
                                -1, null));
                    }
                } else if (tap.exchanges.containsKey(message.getSubject())) {
                    tap.replied(message);
                }
            }
        });
        dispatcher.subscribe(Subjects.KB_REQUEST + ".>");
        dispatcher.subscribe("_INBOX.>");
        connection.flush(Duration.ofSeconds(5));
        return tap;
    }

    private void replied(io.nats.client.Message message) {
        String to = message.getSubject();
        Exchange request = exchanges.get(to);
        var headers = message.getHeaders();
        int status = headers == null || headers.getFirst(KbHeaders.STATUS) == null ? 0
                : Integer.parseInt(headers.getFirst(KbHeaders.STATUS));
        String total = headers == null ? null : headers.getFirst(KbHeaders.PARTS);
        byte[] body = bytes(message.getData());
        if (total != null) {
            TreeMap<Integer, byte[]> got = parts.computeIfAbsent(to, k -> new TreeMap<>());
            got.put(Integer.parseInt(headers.getFirst(KbHeaders.PART)), body);
            if (got.size() < Integer.parseInt(total)) {
                return;
            }
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            got.values().forEach(whole::writeBytes);
            body = whole.toByteArray();
            parts.remove(to);
        }
        exchanges.put(to, new Exchange(request.subject(), request.request(), status, body));
    }

    private static byte[] bytes(byte[] data) {
        return data == null ? new byte[0] : data;
    }

    public synchronized List<Exchange> exchanges() {
        return new ArrayList<>(exchanges.values());
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
