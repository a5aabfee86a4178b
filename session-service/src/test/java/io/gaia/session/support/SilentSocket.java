package io.gaia.session.support;

import io.gaia.testsupport.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A raw WebSocket client that completes the handshake and then reads nothing (nor answers pings)
 * until told to: the server's frames pile up in the kernel and then in session-service. It can
 * still send text frames, and later read what arrived up to the close frame.
 */
public final class SilentSocket implements AutoCloseable {

    private final Socket socket;
    private int closeCode = -1;

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
     * Reads for a while as a slow but honest client does: every frame that has arrived, until none
     * comes for {@code quietMillis}, answering pings with pongs that echo them. Returns the text
     * frames read; a close frame ends the reading and is kept as {@link #closeCode()}.
     */
    public java.util.List<String> readAvailable(int quietMillis) throws IOException {
        socket.setSoTimeout(quietMillis);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        java.util.List<String> texts = new java.util.ArrayList<>();
        try {
            while (closeCode < 0) {
                int first = in.readUnsignedByte();
                long length = in.readUnsignedByte() & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = in.readNBytes((int) length);
                switch (first & 0x0f) {
                    case 0x1 -> texts.add(new String(payload, StandardCharsets.UTF_8));
                    case 0x8 -> closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    case 0x9 -> sendControl(0x8A, payload);
                    default -> { }
                }
            }
        } catch (java.net.SocketTimeoutException quiet) {
            // nothing more has arrived
        }
        return texts;
    }

    /** The close code read by {@link #readAvailable}, or -1 when none came yet. */
    public int closeCode() {
        return closeCode;
    }

    private void sendControl(int firstByte, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        frame.write(0x80 | payload.length);
        frame.writeBytes(new byte[4]);
        frame.writeBytes(payload);
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
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
