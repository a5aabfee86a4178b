package io.gaia.reliability.client;

import io.gaia.testsupport.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A client that completes the WebSocket handshake and then stops reading (an app whose read loop
 * froze while its GPS timer still sends an {@code update_location} every 200 ms, so it is slow
 * rather than dead; each of those is answered with a whole area of interest): the server's frames pile up in the kernel and in session-service's bounded buffer.
 * Afterwards {@link #drainForCloseCode} reads what did arrive and looks for the close frame.
 */
public final class SlowReader implements AutoCloseable {

    private final Socket socket;
    private final long locationEveryMillis;
    private volatile boolean pinging = true;
    private volatile boolean refused;

    public SlowReader(String host, int port, String experience, String userId) throws IOException {
        this(host, port, experience, userId, 200);
    }

    /** A slow reader whose GPS timer sends {@code update_location} every {@code locationEveryMillis}. */
    public SlowReader(String host, int port, String experience, String userId, long locationEveryMillis) throws IOException {
        this.locationEveryMillis = locationEveryMillis;
        socket = RawWebSocket.connect(host, port, experience, userId);
        Thread heartbeat = new Thread(this::pingUntilClosed, "slow-reader-ping");
        heartbeat.setDaemon(true);
        heartbeat.start();
    }

    private void pingUntilClosed() {
        byte[] ping = RawWebSocket.maskedTextFrame("{\"type\":\"update_location\",\"lat\":1.0,\"lng\":1.0}");
        try {
            OutputStream out = socket.getOutputStream();
            while (pinging) {
                out.write(ping);
                out.flush();
                Thread.sleep(locationEveryMillis);
            }
        } catch (IOException closed) {
            refused = pinging; // the server closed the connection while this client still wrote
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * True once a write failed because the server closed the connection: seen without reading, so
     * the client stays a reader that never reads until {@link #drainForCloseCode}.
     */
    public boolean closedByServer() {
        return refused;
    }

    /**
     * Reads everything the server sent until the connection ends (or {@code idleMillis} of silence,
     * or three times that in all)
     * and returns the code of the close frame, or -1 when the connection ended without one.
     */
    public int drainForCloseCode(int idleMillis) throws IOException {
        pinging = false;
        socket.setSoTimeout(idleMillis);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[65536];
        // bounded: a socket the server never closed keeps receiving deltas and would never go idle
        long deadline = System.currentTimeMillis() + 3L * idleMillis;
        try {
            for (int n; System.currentTimeMillis() < deadline && (n = in.read(chunk)) >= 0; ) {
                buffer.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException ended) {
            // silence or a reset: parse what arrived
        }
        return closeCode(buffer.toByteArray());
    }

    /** Walks server frames (unmasked) and returns the first close frame's status code. */
    static int closeCode(byte[] data) {
        int at = 0;
        while (at + 2 <= data.length) {
            int opcode = data[at] & 0x0f;
            long length = data[at + 1] & 0x7f;
            int header = 2;
            if (length == 126) {
                if (at + 4 > data.length) {
                    return -1;
                }
                length = ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
                header = 4;
            } else if (length == 127) {
                if (at + 10 > data.length) {
                    return -1;
                }
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | (data[at + 2 + i] & 0xff);
                }
                header = 10;
            }
            if (opcode == 0x8) {
                int payload = at + header;
                return payload + 2 <= data.length ? ((data[payload] & 0xff) << 8) | (data[payload + 1] & 0xff) : -1;
            }
            at += header + (int) length;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        pinging = false;
        socket.close();
    }
}
