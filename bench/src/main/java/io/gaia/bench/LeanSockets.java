package io.gaia.bench;

import io.gaia.testsupport.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * A lean load generator's sockets: the players' WebSockets on a few selector threads, frames parsed by
 * hand (RFC 6455: the server's are unmasked; pings are answered), and a player's frames sent straight
 * from the calling thread. It costs the machine a fraction of what a Reactor Netty client with an event
 * loop per core does, so on two cores more of them are left to the services being measured
 * (docs/benchmarks.md, "The floor"). Loopback only, as every benchmark here.
 */
final class LeanSockets implements AutoCloseable {

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;

    private final Reader[] readers;
    private int next;
    private volatile boolean open = true;

    /** {@code threads} selector threads; sockets are spread over them in turn. */
    LeanSockets(int threads) throws IOException {
        readers = new Reader[threads];
        for (int i = 0; i < threads; i++) {
            readers[i] = new Reader(Selector.open());
            Thread thread = new Thread(readers[i], "lean-sockets-" + i);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Connects and completes the handshake on the calling thread; frames then arrive on the selector thread. */
    PlayerSocket open(String url, Consumer<String> onText) throws IOException {
        URI uri = URI.create(url);
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
        try {
            channel.socket().setTcpNoDelay(true);
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            write(channel, ByteBuffer.wrap(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            Lean socket = new Lean(channel, onText);
            socket.readHandshake();
            channel.configureBlocking(false);
            readers[next++ % readers.length].join(socket);
            return socket;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** One selector thread and the sockets it reads. */
    private final class Reader implements Runnable {

        private final Selector selector;
        private final Queue<Lean> joining = new ConcurrentLinkedQueue<>();

        Reader(Selector selector) {
            this.selector = selector;
        }

        void join(Lean socket) {
            joining.add(socket);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (open) {
                    selector.select();
                    for (Lean socket; (socket = joining.poll()) != null; ) {
                        socket.channel.register(selector, SelectionKey.OP_READ, socket);
                        socket.readFrames(); // frames that came with the handshake's answer
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        ((Lean) key.attachment()).readable();
                    }
                    selector.selectedKeys().clear();
                }
            } catch (ClosedSelectorException e) {
                // closed: done
            } catch (IOException e) {
                if (open) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        for (Reader reader : readers) {
            reader.selector.close();
        }
    }

    /** Writes all of {@code buffer} to a channel that may be non-blocking (a full send buffer is waited out). */
    private static void write(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    private static final class Lean implements PlayerSocket {

        private final SocketChannel channel;
        private final Consumer<String> onText;
        private final CompletableFuture<Void> connected = new CompletableFuture<>();
        private ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        private ByteArrayOutputStream fragments;

        Lean(SocketChannel channel, Consumer<String> onText) {
            this.channel = channel;
            this.onText = onText;
        }

        /** Reads the server's 101 answer (blocking); any bytes after it stay in {@link #in} as frames. */
        void readHandshake() throws IOException {
            while (true) {
                if (channel.read(in) < 0) {
                    throw new IOException("connection closed during the handshake");
                }
                String head = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
                int end = head.indexOf("\r\n\r\n");
                if (end >= 0) {
                    if (!head.startsWith("HTTP/1.1 101")) {
                        throw new IOException("handshake refused: " + head.lines().findFirst().orElse(""));
                    }
                    in.flip();
                    in.position(end + 4);
                    in.compact();
                    return;
                }
            }
        }

        void readable() throws IOException {
            int read;
            try {
                read = channel.read(in);
            } catch (IOException e) {
                read = -1;
            }
            if (read < 0) {
                closed();
                return;
            }
            readFrames();
        }

        /** Hands over every whole frame in {@link #in}; a partial one waits for more bytes. */
        void readFrames() throws IOException {
            in.flip();
            while (in.remaining() >= 2) {
                int start = in.position();
                int b0 = in.get(start) & 0xff;
                int b1 = in.get(start + 1) & 0xff;
                int header = 2;
                long length = b1 & 0x7f;
                if (length == 126) {
                    header = 4;
                } else if (length == 127) {
                    header = 10;
                }
                boolean masked = (b1 & 0x80) != 0;
                if (in.remaining() < header + (masked ? 4 : 0)) {
                    break;
                }
                if (header == 4) {
                    length = in.getShort(start + 2) & 0xffff;
                } else if (header == 10) {
                    length = in.getLong(start + 2);
                }
                int maskAt = start + header;
                if (masked) {
                    header += 4;
                }
                if (length > Integer.MAX_VALUE - header) {
                    throw new IOException("frame too long: " + length);
                }
                int total = header + (int) length;
                if (in.remaining() < total) {
                    if (in.capacity() < total) {
                        ByteBuffer bigger = ByteBuffer.allocate(Math.max(total, in.capacity() * 2));
                        bigger.put(in);
                        in = bigger;
                        return; // in is in write mode again
                    }
                    break;
                }
                byte[] data = in.array();
                int payload = start + header;
                if (masked) {
                    for (int i = 0; i < length; i++) {
                        data[payload + i] ^= data[maskAt + (i & 3)];
                    }
                }
                frame(b0, data, payload, (int) length);
                in.position(start + total);
            }
            in.compact();
        }

        private void frame(int b0, byte[] data, int offset, int length) throws IOException {
            int opcode = b0 & 0x0f;
            boolean fin = (b0 & 0x80) != 0;
            if (opcode == OP_TEXT || opcode == OP_CONTINUATION) {
                if (fin && fragments == null) {
                    text(new String(data, offset, length, StandardCharsets.UTF_8));
                    return;
                }
                if (fragments == null) {
                    fragments = new ByteArrayOutputStream();
                }
                fragments.write(data, offset, length);
                if (fin) {
                    text(fragments.toString(StandardCharsets.UTF_8));
                    fragments = null;
                }
            } else if (opcode == OP_PING) {
                byte[] pong = new byte[length];
                System.arraycopy(data, offset, pong, 0, length);
                sendFrame(0x8A, pong);
            } else if (opcode == OP_CLOSE) {
                closed();
            }
        }

        private void text(String text) {
            if (!connected.isDone() && text.startsWith("{\"type\":\"connected\"")) {
                connected.complete(null);
            }
            onText.accept(text);
        }

        private void closed() throws IOException {
            connected.completeExceptionally(new IllegalStateException("closed"));
            channel.close();
        }

        @Override
        public CompletableFuture<Void> connected() {
            return connected;
        }

        @Override
        public synchronized void send(String text) {
            try {
                write(channel, ByteBuffer.wrap(RawWebSocket.maskedTextFrame(text)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** A small control frame (under 126 bytes), masked with a zero key. */
        private synchronized void sendFrame(int b0, byte[] payload) throws IOException {
            ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
            frame.put((byte) b0).put((byte) (0x80 | payload.length)).putInt(0).put(payload).flip();
            write(channel, frame);
        }

        @Override
        public void close() {
            try {
                sendFrame(0x88, new byte[] {0x03, (byte) 0xe8}); // 1000: normal closure
                channel.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
