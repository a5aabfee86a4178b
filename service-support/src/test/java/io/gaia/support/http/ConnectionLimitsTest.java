package io.gaia.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A real Reactor Netty server with the limits every GAIA service applies, probed with raw sockets. */
class ConnectionLimitsTest {

    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(1);
    private DisposableServer server;
    private final List<Socket> sockets = new ArrayList<>();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private int start(int maxConnections) {
        ConnectionLimits limits = new ConnectionLimits(new HttpLimits(HEAD_TIMEOUT, Duration.ofSeconds(3), maxConnections), meters);
        server = limits.apply(HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.sendString(Mono.just("ok")))).bindNow(Duration.ofSeconds(5));
        return server.port();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.disposeNow();
        }
    }

    @Test
    void aRequestHeadTrickledLineByLineIsCutOffAtTheHeadTimeout() throws Exception {
        Socket socket = open(start(100));
        OutputStream out = socket.getOutputStream();
        long start = System.nanoTime();
        out.write("GET / HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
        boolean closed = false;
        // one more header line every 300 ms: each resets any read-idle timer, never the head deadline
        for (int i = 0; i < 20 && !closed; i++) {
            Thread.sleep(300);
            try {
                out.write(("X-Slow-" + i + ": x\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                closed = closedByServer(socket, 1);
            } catch (IOException reset) {
                closed = true;
            }
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(closed).as("server closed the half-open connection").isTrue();
        assertThat(tookMillis).isBetween(HEAD_TIMEOUT.toMillis() - 100, HEAD_TIMEOUT.toMillis() + 1_500);
    }

    @Test
    void aCompleteRequestIsAnsweredAndItsKeepAliveConnectionServesTheNextOne() throws Exception {
        Socket socket = open(start(100));
        assertThat(exchange(socket)).startsWith("HTTP/1.1 200");
        Thread.sleep(HEAD_TIMEOUT.toMillis() + 300); // longer than the first head's deadline, shorter than idle
        assertThat(exchange(socket)).startsWith("HTTP/1.1 200");
    }

    @Test
    void connectionsBeyondTheCapAreClosedAndAFreedSlotIsUsableAgain() throws Exception {
        int port = start(2);
        Socket first = open(port);
        Socket second = open(port);
        assertThat(exchange(first)).startsWith("HTTP/1.1 200");
        assertThat(exchange(second)).startsWith("HTTP/1.1 200");
        Socket third = open(port);
        assertThat(closedByServer(third, 2_000)).as("third connection refused").isTrue();
        assertThat(meters.get("gaia.http.connections.refused").counter().count()).isEqualTo(1);
        assertThat(meters.get("gaia.http.connections").gauge().value()).isEqualTo(2);
        first.close();
        Thread.sleep(200);
        assertThat(exchange(open(port))).startsWith("HTTP/1.1 200");
    }

    private Socket open(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        sockets.add(socket);
        return socket;
    }

    private static String exchange(Socket socket) throws IOException {
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.setSoTimeout(2_000);
        byte[] buffer = new byte[1024];
        int n = socket.getInputStream().read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }

    /** True when the server closed the connection (EOF or reset) within {@code millis}. */
    private static boolean closedByServer(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        InputStream in = socket.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
