package io.gaia.e2e.traffic;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Listens to every world update on NATS ({@code world.updates.>}) and keeps subject and payload. */
public final class NatsTap implements AutoCloseable {

    public record Message(String subject, String json) {
    }

    private final Connection connection;
    private final List<Message> messages = new ArrayList<>();

    private NatsTap(Connection connection) {
        this.connection = connection;
    }

    public static NatsTap listen(String natsUrl) throws Exception {
        Connection connection = Nats.connect(new Options.Builder().server(natsUrl).connectionTimeout(Duration.ofSeconds(5)).build());
        NatsTap tap = new NatsTap(connection);
        Dispatcher dispatcher = connection.createDispatcher(message -> {
            synchronized (tap.messages) {
                tap.messages.add(new Message(message.getSubject(), new String(message.getData(), StandardCharsets.UTF_8)));
            }
        });
        dispatcher.subscribe("world.updates.>");
        connection.flush(Duration.ofSeconds(5));
        return tap;
    }

    public List<Message> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
