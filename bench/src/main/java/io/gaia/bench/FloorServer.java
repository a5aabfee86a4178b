package io.gaia.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The floor under {@code SessionBench latency}: a WebSocket server that does nothing but broadcast.
 * It speaks just the slice of the socket protocol {@link LatencyRun} uses (a {@code connected} frame on
 * connect; for each action with a {@code request_id}, a {@code world_update} of the size session-service
 * sends, written to every socket, and an {@code action_response} to the actor), with no rules, no
 * journal, no NATS and no second service. The same load generator against it measures what the
 * machine and the client alone cost, which GAIA's figures then sit on top of
 * (docs/benchmarks.md, "The floor").
 * <p>
 * Run by {@link FloorBench} in a JVM of its own with the services' production flags:
 * {@code FloorServer <port> [groups]}; it prints {@code listening} once bound. With {@code groups}, the
 * sockets form that many zones and an action's update goes to its actor's zone only (issue 15's
 * 10,000-socket target).
 */
public final class FloorServer {

    /** A collect's world_update as session-service writes it (docs/protocol.md), with the request id at the end. */
    private static final String UPDATE_HEAD = "{\"type\":\"world_update\",\"version\":\"0.4\",\"experience\":\"wylding-woods\","
            + "\"user_id\":\"bench-0\",\"scope\":\"world\",\"zone\":\"woander_store\",\"base_version\":41,\"snapshot_version\":42,"
            + "\"changes\":[{\"operation\":\"remove\",\"path\":\"world.locations.woander_store.areas.main_room.spots.shelf_left.items\","
            + "\"instance_id\":\"bottle_joy\",\"zone_id\":\"woander_store\",\"area_id\":\"main_room\",\"spot_id\":\"shelf_left\"}],"
            + "\"timestamp\":1763771234601,\"metadata\":{\"source\":\"kb-service\",\"state_model\":\"shared\",\"request_id\":\"";
    private static final String CONNECTED = "{\"type\":\"connected\",\"experience\":\"wylding-woods\"}";
    private static final String MARKER = "\"request_id\":\"";

    private FloorServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int groups = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Groups everyone = new Groups(groups);
        Channel server = new ServerBootstrap()
                .group(loops)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler("/ws/experience", null, false, 65536, false, true),
                                new Broadcast(everyone));
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        System.out.println("listening on " + port + (epoll ? " (epoll)" : " (nio)"));
        server.closeFuture().sync();
    }

    /**
     * The sockets in groups (zones: a socket joins group {@code n % groups}, the n-th to connect), each
     * by event loop: a broadcast reaches the actor's group with one task per loop, as session-service's
     * {@code WriteBatch} does.
     */
    private static final class Groups {

        private static final io.netty.util.AttributeKey<Integer> GROUP = io.netty.util.AttributeKey.valueOf("group");

        private final List<Map<EventExecutor, List<Channel>>> groups = new java.util.ArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger joined = new java.util.concurrent.atomic.AtomicInteger();

        Groups(int count) {
            for (int i = 0; i < count; i++) {
                groups.add(new ConcurrentHashMap<>());
            }
        }

        void join(Channel channel) {
            int group = joined.getAndIncrement() % groups.size();
            channel.attr(GROUP).set(group);
            List<Channel> ofLoop = groups.get(group).computeIfAbsent(channel.eventLoop(), loop -> new CopyOnWriteArrayList<>());
            ofLoop.add(channel);
            channel.closeFuture().addListener(closed -> ofLoop.remove(channel));
        }

        Map<EventExecutor, List<Channel>> of(Channel channel) {
            return groups.get(channel.attr(GROUP).get());
        }
    }

    /** Answers each action frame: the update to every socket, the response to the actor. */
    private static final class Broadcast extends SimpleChannelInboundHandler<TextWebSocketFrame> {

        private final Groups everyone;

        Broadcast(Groups everyone) {
            this.everyone = everyone;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                everyone.join(ctx.channel());
                ctx.writeAndFlush(new TextWebSocketFrame(CONNECTED));
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            String text = frame.text();
            int at = text.lastIndexOf(MARKER);
            if (at < 0) {
                return;
            }
            int end = text.indexOf('"', at + MARKER.length());
            String requestId = text.substring(at + MARKER.length(), end);
            if (text.contains("\"action\":\"go\"")) {
                return; // the placement: nothing to broadcast
            }
            byte[] update = (UPDATE_HEAD + requestId + "\"}}").getBytes(StandardCharsets.UTF_8);
            everyone.of(ctx.channel()).forEach((loop, channels) -> {
                Runnable writeAll = () -> {
                    for (Channel channel : channels) {
                        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(update)));
                    }
                };
                if (loop.inEventLoop()) {
                    writeAll.run();
                } else {
                    loop.execute(writeAll);
                }
            });
            ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"action_response\",\"success\":true,\"request_id\":\""
                    + requestId + "\"}"));
        }
    }
}
