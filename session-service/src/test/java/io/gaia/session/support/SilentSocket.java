package io.gaia.session.support;

import io.gaia.testsupport.RawWebSocket;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;

/**
 * A raw WebSocket client that completes the handshake and then reads nothing (nor answers pings)
 * until told to: the server's frames pile up in the kernel and then in session-service. It can
 * still send text frames, and later read what arrived up to the close frame.
 */
public final class SilentSocket implements AutoCloseable {

    private final Socket socket;

    public SilentSocket(int port, String experience, String userId) throws IOException {
        socket = RawWebSocket.connect("127.0.0.1", port, experience, userId);
    }

    /** Sends a text frame; false once the server is gone. */
    public boolean sendText(String text) {
        try {
            socket.getOutputStream().write(RawWebSocket.maskedTextFrame(text));
            socket.getOutputStream().flush();
            return true;
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * Starts reading: skips every frame up to the close frame and returns its status code, or -1
     * when the connection ends without one.
     */
    public int readUntilClose() throws IOException {
        socket.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        try {
            while (true) {
                int first = in.readUnsignedByte();
                long length = in.readUnsignedByte() & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                if ((first & 0x0f) == 0x8) {
                    return length >= 2 ? in.readUnsignedShort() : 1005;
                }
                in.skipNBytes(length);
            }
        } catch (EOFException | SocketException ended) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
