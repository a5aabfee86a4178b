package io.gaia.session.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.session.chat.ChatRelay;
import io.gaia.session.config.SessionProperties;
import io.gaia.session.connection.ClientConnection;
import io.gaia.support.kb.KbClient;
import io.gaia.support.nats.NatsConnection;
import io.gaia.support.nats.NatsProperties;
import io.gaia.session.metrics.SessionMetrics;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.jwt.JwtProperties;
import io.gaia.support.jwt.JwtValidator;
import io.gaia.testsupport.TestTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * session-service's WebSocket message parser: {@link FrameDispatcher#handle} reading an arbitrary
 * text frame (with {@link Fields} and the action relay's parameter extraction). It never throws and
 * never answers with anything but a documented error code; the socket is never closed by a frame.
 * The returned work (a call to kb-service or chat-service) is not subscribed: only parsing is
 * exercised, and no I/O happens.
 */
class FrameParserFuzzTest {

    private static final GaiaJson JSON = GaiaJson.withMaxBytes(65536);
    private static final SessionProperties PROPERTIES = new SessionProperties("http://127.0.0.1:9",
            Duration.ofSeconds(1), org.springframework.util.unit.DataSize.ofMegabytes(16), Duration.ofSeconds(1), 65536, 1_000_000,
            org.springframework.util.unit.DataSize.ofMegabytes(4), Duration.ofSeconds(10),
            new SessionProperties.Sockets(8, 20_000), new SessionProperties.RateLimit(1_000_000, 1_000_000),
            new SessionProperties.Heartbeat(Duration.ofSeconds(15), Duration.ofSeconds(45)),
            new SessionProperties.Delivery(Duration.ofMillis(250), 2000, 2000, 256, org.springframework.util.unit.DataSize.ofKilobytes(256)), Duration.ofSeconds(60), Duration.ofSeconds(10));
    private static final Set<String> FRAME_TYPES = Set.of("error", "pong", "token_refreshed");
    private static final JwtProperties JWT = new JwtProperties(TestTokens.DEVELOPMENT_SECRET, "authenticated", "HS256",
            Duration.ofSeconds(30), "gaia_roles", "admin");

    private static final SessionMetrics METRICS = new SessionMetrics(new SimpleMeterRegistry());
    /** Never connected: a frame that reached kb-service would fail, but the fuzzed frames are refused before. */
    private static final KbClient KB = new KbClient(new NatsConnection(new NatsProperties("nats://127.0.0.1:9",
            Duration.ofMillis(100), Duration.ofSeconds(60), "fuzz"), "fuzz"), JSON, PROPERTIES.kbClient(), null);
    private static final FrameDispatcher DISPATCHER = new FrameDispatcher(JSON, new ActionRelay(KB, JSON, METRICS, null), KB,
            new ChatRelay(JSON, METRICS, PROPERTIES), null, new JwtValidator(JWT), METRICS);
    private static final AuthenticatedUser USER = new JwtValidator(JWT).validate(TestTokens.development().player("fuzzer"));

    @FuzzTest(maxDuration = "10s")
    void anyTextFrameIsParsedOrAnsweredWithADocumentedError(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        if (text.startsWith("{\"type\":\"chat\"")) {
            return; // a chat turn starts a (refused) call to chat-service at once; its parsing is the same Fields code
        }
        List<byte[]> out = new ArrayList<>();
        InMemorySession session = new InMemorySession();
        ClientConnection connection = new ClientConnection("fuzz", USER, "wylding-woods", session, JSON,
                new ClientConnection.ConnectionLimits(1_000_000, Long.MAX_VALUE, 2000, 1_000_000, 1_000_000), false, new ClientConnection.Listener() {
                    @Override
                    public void gapOpened(ClientConnection c) {
                    }

                    @Override
                    public void overflowed(ClientConnection c) {
                        throw new AssertionError("overflow");
                    }
                });
        EmbeddedChannel channel = new EmbeddedChannel();
        connection.writeTo(channel, frame -> out.add(frame.bytes())).subscribe();

        assertThat(DISPATCHER.handle(connection, text)).isNotNull();
        channel.runPendingTasks();

        for (byte[] frame : out) {
            JsonNode answer = JSON.readTree(new String(frame, StandardCharsets.UTF_8));
            assertThat(FRAME_TYPES).contains(answer.path("type").asString());
            if ("error".equals(answer.path("type").asString())) {
                String code = answer.path("code").asString();
                assertThat(code).isNotEqualTo(ErrorCodes.INTERNAL_ERROR);
                assertThat(code).matches("[a-z_]+");
            }
        }
        assertThat(session.isOpen()).isTrue();
        assertThat(connection.isClosing()).isFalse();
    }
}
