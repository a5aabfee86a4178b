package io.gaia.session.message;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The transport under a {@code ClientConnection} for in-process fuzzing: open until closed, no network. */
final class InMemorySession implements WebSocketSession {

    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile CloseStatus closed;

    @Override
    public String getId() {
        return "in-memory";
    }

    @Override
    public HandshakeInfo getHandshakeInfo() {
        return new HandshakeInfo(URI.create("ws://127.0.0.1/ws/experience"), new HttpHeaders(), Mono.empty(), null);
    }

    @Override
    public DataBufferFactory bufferFactory() {
        return DefaultDataBufferFactory.sharedInstance;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    @Override
    public Flux<WebSocketMessage> receive() {
        return Flux.never();
    }

    @Override
    public Mono<Void> send(Publisher<WebSocketMessage> messages) {
        return Flux.from(messages).then();
    }

    @Override
    public boolean isOpen() {
        return closed == null;
    }

    @Override
    public Mono<Void> close(CloseStatus status) {
        closed = status;
        return Mono.empty();
    }

    @Override
    public Mono<CloseStatus> closeStatus() {
        return Mono.justOrEmpty(closed);
    }

    @Override
    public WebSocketMessage textMessage(String payload) {
        return new WebSocketMessage(WebSocketMessage.Type.TEXT, bufferFactory().wrap(payload.getBytes()));
    }

    @Override
    public WebSocketMessage binaryMessage(Function<DataBufferFactory, org.springframework.core.io.buffer.DataBuffer> payloadFactory) {
        return new WebSocketMessage(WebSocketMessage.Type.BINARY, payloadFactory.apply(bufferFactory()));
    }

    @Override
    public WebSocketMessage pingMessage(Function<DataBufferFactory, org.springframework.core.io.buffer.DataBuffer> payloadFactory) {
        return new WebSocketMessage(WebSocketMessage.Type.PING, payloadFactory.apply(bufferFactory()));
    }

    @Override
    public WebSocketMessage pongMessage(Function<DataBufferFactory, org.springframework.core.io.buffer.DataBuffer> payloadFactory) {
        return new WebSocketMessage(WebSocketMessage.Type.PONG, payloadFactory.apply(bufferFactory()));
    }
}
