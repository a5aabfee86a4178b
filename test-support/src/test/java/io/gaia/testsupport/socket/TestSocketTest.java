package io.gaia.testsupport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * The test client against a small real WebSocket server on loopback: it greets with {@code connected},
 * answers each text with an {@code echo}, a {@code burst} with five frames, and {@code close} with close 4000.
 */
class TestSocketTest {

    private static DisposableServer server;

    @BeforeAll
    static void startServer() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.ws("/ws/experience", (in, out) -> out.sendString(Flux.concat(
                        Flux.just("{\"type\":\"connected\"}"),
                        in.receive().asString().concatMap(text -> switch (text) {
                            case "burst" -> Flux.range(1, 5).map(i -> "{\"type\":\"burst\",\"n\":" + i + "}");
                            case "close" -> out.sendClose(4000, "bye-test").thenMany(Flux.<String>empty());
                            default -> Flux.just("{\"type\":\"echo\",\"of\":" + (text.startsWith("{") ? text : "\"?\"") + "}");
                        })))))
                .bindNow();
    }

    @AfterAll
    static void stopServer() {
        server.disposeNow();
    }

    private static String url() {
        return SocketUrl.of("http://127.0.0.1:" + server.port()).experience("woods").token("t").build();
    }

    @Test
    void nextConsumesFramesWhileAwaitFindsThemAgain() {
        try (TestSocket socket = TestSocket.open(url())) {
            socket.send(Map.of("type", "hello", "n", 1));
            socket.send(Map.of("type", "hello", "n", 2));
            assertThat(socket.next("echo").path("of").path("n").asInt()).isEqualTo(1);
            assertThat(socket.next("echo").path("of").path("n").asInt()).isEqualTo(2);
            assertThat(socket.await("echo").path("of").path("n").asInt()).isEqualTo(1);
            assertThat(socket.drain()).isEmpty();
        }
    }

    @Test
    void keepsSentJsonAndReceiveTimes() {
        long before = System.nanoTime();
        try (TestSocket socket = TestSocket.open(url())) {
            socket.sendText("not json");
            socket.send(Map.of("type", "hello"));
            socket.next(f -> f.path("of").has("type"), Duration.ofSeconds(5), "the echo of hello");
            assertThat(socket.sent()).extracting(f -> f.path("type").asString()).containsExactly("hello");
            List<Frame> frames = socket.frames();
            assertThat(frames).extracting(Frame::type).containsExactly("connected", "echo", "echo");
            assertThat(frames).allSatisfy(f -> assertThat(f.receivedNanos()).isGreaterThan(before));
            assertThat(frames.get(2).receivedNanos()).isGreaterThanOrEqualTo(frames.get(1).receivedNanos());
        }
    }

    @Test
    void remembersTheServersCloseCodeAndReason() {
        try (TestSocket socket = TestSocket.open(url())) {
            socket.sendText("close");
            assertThat(socket.awaitClose(Duration.ofSeconds(5))).isEqualTo(4000);
            assertThat(socket.closeReason()).isEqualTo("bye-test");
            assertThat(socket.isClosed()).isTrue();
        }
    }

    @Test
    void aPausedReaderTakesNoMoreFramesUntilItResumes() throws Exception {
        try (TestSocket socket = TestSocket.open(url())) {
            socket.next("connected");
            socket.pauseReading();
            socket.sendText("burst");
            Thread.sleep(500);
            assertThat(socket.received().stream().filter(f -> "burst".equals(f.path("type").asString())).count())
                    .as("at most the frame already asked for arrives").isLessThanOrEqualTo(1);
            socket.resumeReading();
            socket.await(f -> f.path("n").asInt() == 5, Duration.ofSeconds(5), "the fifth burst frame");
        }
    }

    @Test
    void aListenerWithoutRecordingSeesFramesAndKeepsNothing() {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Integer> closes = new CopyOnWriteArrayList<>();
        TestSocket socket = TestSocket.connect(url()).recording(false).listener(new TestSocket.Listener() {
            @Override
            public void frame(TestSocket from, Frame frame) {
                seen.add(frame.type());
            }

            @Override
            public void closed(TestSocket from, int code, String reason) {
                closes.add(code);
            }
        }).open();
        socket.sendText("burst");
        socket.sendText("close");
        socket.awaitClose(Duration.ofSeconds(5));
        assertThat(seen).containsExactly("connected", "burst", "burst", "burst", "burst", "burst");
        assertThat(closes).containsExactly(4000);
        assertThat(socket.received()).isEmpty();
        assertThat(socket.sent()).isEmpty();
    }

    @Test
    void theUrlCarriesExperienceTokenAndResumeVersions() {
        assertThat(SocketUrl.of("http://h:1").experience("wylding-woods").token("a.b-c_d").versions(7, 3).epoch("e 1").build())
                .isEqualTo("ws://h:1/ws/experience?experience=wylding-woods&token=a.b-c_d&world_version=7&player_version=3&epoch=e+1");
        assertThat(SocketUrl.of("ws://h:1/ws/experience").build()).isEqualTo("ws://h:1/ws/experience");
    }
}
