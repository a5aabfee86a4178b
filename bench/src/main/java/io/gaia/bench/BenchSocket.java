package io.gaia.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/** One simulated player's socket: text frames out through a sink, every text frame in handed to a callback. */
final class BenchSocket implements PlayerSocket {

    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private Disposable connection;

    static BenchSocket open(HttpClient client, String url, Consumer<String> onText) {
        BenchSocket socket = new BenchSocket();
        socket.connection = client.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
                .uri(url)
                .handle((in, out) -> out.sendString(socket.outbound.asFlux()).then()
                        .and(in.aggregateFrames(1 << 20).receive().asString().doOnNext(text -> {
                            if (!socket.connected.isDone() && text.startsWith("{\"type\":\"connected\"")) {
                                socket.connected.complete(null);
                            }
                            onText.accept(text);
                        }).then()))
                .subscribe(null, socket.connected::completeExceptionally,
                        () -> socket.connected.completeExceptionally(new IllegalStateException("closed")));
        return socket;
    }

    void awaitConnected(Duration timeout) throws Exception {
        connected.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Void> connected() {
        return connected;
    }

    @Override
    public synchronized void send(String text) {
        outbound.tryEmitNext(text);
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
        connection.dispose();
    }
}
