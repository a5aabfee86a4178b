package io.gaia.session.connection;

import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.AbstractWebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;

/**
 * Tears down the TCP connection under a socket whose peer will not complete a close handshake
 * (it stopped reading, so even the close frame cannot be written). Spring keeps the Reactor Netty
 * connection behind a protected accessor; this is the one place that reaches it.
 */
final class SocketTeardown {

    private static final Logger log = LoggerFactory.getLogger(SocketTeardown.class);
    private static final Method DELEGATE = delegateAccessor();

    private SocketTeardown() {
    }

    static void dispose(WebSocketSession session) {
        if (DELEGATE == null || !(session instanceof ReactorNettyWebSocketSession)) {
            return;
        }
        try {
            var connection = (ReactorNettyWebSocketSession.WebSocketConnection) DELEGATE.invoke(session);
            connection.getOutbound().withConnection(reactor.netty.Connection::dispose);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("could not tear down socket {}: {}", session.getId(), e.toString());
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
