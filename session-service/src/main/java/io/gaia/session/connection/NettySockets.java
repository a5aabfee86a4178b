package io.gaia.session.connection;

import io.netty.channel.Channel;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.AbstractWebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;

/**
 * The Netty side of a Spring WebSocket session: its channel (frames are written to it directly, see
 * {@link SocketWriter}) and tearing down the TCP connection under a socket whose peer will not
 * complete a close handshake (it stopped reading, so even the close frame cannot be written).
 * Spring keeps the Reactor Netty connection behind a protected accessor; this is the one place
 * that reaches it.
 */
public final class NettySockets {

    private static final Logger log = LoggerFactory.getLogger(NettySockets.class);
    private static final Method DELEGATE = delegateAccessor();

    private NettySockets() {
    }

    /** The session's Netty channel; an IllegalStateException when it is not a Reactor Netty session. */
    public static Channel channel(WebSocketSession session) {
        AtomicReference<Channel> channel = new AtomicReference<>();
        withConnection(session, connection -> channel.set(connection.channel()));
        if (channel.get() == null) {
            throw new IllegalStateException("not a Reactor Netty WebSocket session: " + session.getClass().getSimpleName());
        }
        return channel.get();
    }

    /** Makes the session's socket close the way {@link LingeringClose} says (nothing when it is not a Reactor Netty session). */
    public static void lingerOnClose(WebSocketSession session) {
        withConnection(session, connection -> LingeringClose.install(connection.channel()));
    }

    static void dispose(WebSocketSession session) {
        withConnection(session, reactor.netty.Connection::dispose);
    }

    private static void withConnection(WebSocketSession session, java.util.function.Consumer<reactor.netty.Connection> use) {
        if (DELEGATE == null || !(session instanceof ReactorNettyWebSocketSession)) {
            return;
        }
        try {
            var connection = (ReactorNettyWebSocketSession.WebSocketConnection) DELEGATE.invoke(session);
            connection.getOutbound().withConnection(use);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("could not reach the connection of socket {}: {}", session.getId(), e.toString());
        }
    }

    private static Method delegateAccessor() {
        try {
            Method method = AbstractWebSocketSession.class.getDeclaredMethod("getDelegate");
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
