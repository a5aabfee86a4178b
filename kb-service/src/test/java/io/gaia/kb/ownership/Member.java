package io.gaia.kb.ownership;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One stand-in kb-service instance: its own NATS connection and ownership component. */
final class Member implements AutoCloseable {

    final String id;
    final Connection connection;
    final OwnershipManager manager;

    private Member(String id, Connection connection, OwnershipManager manager) {
        this.id = id;
        this.connection = connection;
        this.manager = manager;
    }

    static Member start(String id, Options.Builder options, Duration ttl, int replicas, List<String> experiences,
                        OwnershipListener listener) throws IOException, InterruptedException {
        Connection connection = Nats.connect(options.connectionName(id).build());
        OwnershipManager manager = new OwnershipManager(new OwnershipManager.Settings(id, ttl, replicas),
                () -> Optional.of(connection), () -> experiences, listener);
        manager.start();
        return new Member(id, connection, manager);
    }

    /**
     * The process dies: its connection goes without releasing anything (so its liveness subscription goes
     * with it), and it serves nothing from then on (its component stops; with NATS gone it deletes no lease).
     */
    void crash() throws InterruptedException {
        connection.close();
        manager.close();
    }

    @Override
    public void close() throws InterruptedException {
        manager.close();
        connection.close();
    }
}
