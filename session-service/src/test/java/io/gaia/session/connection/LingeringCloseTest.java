package io.gaia.session.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over real loopback TCP: a server that answers and closes while its peer is still sending (a frame over
 * the limit) must not reset the connection, or the peer never reads the answer. On epoll, the transport
 * Reactor Netty uses on Linux (with NIO the JDK's close did not reset in these runs).
 */
class LingeringCloseTest {

    private static final byte[] ANSWER = "1009 frame too big".getBytes(StandardCharsets.US_ASCII);
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());

    @org.junit.jupiter.api.BeforeAll
    static void onLinux() {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.netty.channel.epoll.Epoll.isAvailable(), "epoll transport");
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aPeerStillSendingReadsWhatWasWrittenBeforeTheCloseAndThenTheEndOfTheStream() throws Exception {
        Received received = answerAMegabyteWithAClose(true);

        assertThat(received.error()).as("no reset").isNull();
        assertThat(received.bytes()).isEqualTo(ANSWER);
    }

    @Test
    void withoutItThePeerGetsAResetAndLosesTheAnswer() throws Exception {
        Received received = answerAMegabyteWithAClose(false);

        assertThat(received.error()).as("the control: a close with unread input resets").isNotNull();
    }

    @Test
    void aPeerThatNeverClosesIsClosedAfterTheLinger() throws Exception {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        int port = server(true, Duration.ofMillis(300), accepted);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(1);
            Channel channel = accepted.get(5, TimeUnit.SECONDS);
            channel.read();
            long start = System.nanoTime();
            assertThat(channel.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(3));
            assertThat(socket.getInputStream().readAllBytes()).isEqualTo(ANSWER);
        }
    }

    private record Received(byte[] bytes, IOException error) {
    }

    /**
     * The peer writes 1 MB while the server reads nothing; then the server reads once (at most a few tens of KB),
     * answers and closes with the rest unread; the peer reads to the end of the stream.
     */
    private Received answerAMegabyteWithAClose(boolean linger) throws Exception {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        int port = server(linger, Duration.ofSeconds(5), accepted);
        try (Socket socket = new Socket()) {
            socket.setSendBufferSize(4 * 1024 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(10_000);
            Channel channel = accepted.get(5, TimeUnit.SECONDS);
            socket.getOutputStream().write(new byte[1024 * 1024]);
            socket.getOutputStream().flush();
            Thread.sleep(100); // on loopback the megabyte is in the server's receive buffer by now
            channel.read();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(read);
            } catch (IOException readFailed) {
                return new Received(read.toByteArray(), readFailed);
            }
            return new Received(read.toByteArray(), null);
        }
    }

    /** A server that writes {@link #ANSWER} and closes on its first read, as the WebSocket decoder does on a frame over the limit. */
    private int server(boolean linger, Duration lingerFor, CompletableFuture<Channel> accepted) throws InterruptedException {
        Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.config().setAutoRead(false);
                        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            private boolean answered;

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ((ByteBuf) msg).release();
                                if (!answered) {
                                    answered = true;
                                    ctx.writeAndFlush(Unpooled.wrappedBuffer(ANSWER)).addListener(ChannelFutureListener.CLOSE);
                                }
                            }
                        });
                        if (linger) {
                            LingeringClose.install(channel, lingerFor);
                        }
                        accepted.complete(channel);
                    }
                }).childOption(io.netty.channel.ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }
}
