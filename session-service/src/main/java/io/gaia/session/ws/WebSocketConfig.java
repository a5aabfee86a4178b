package io.gaia.session.ws;

import io.gaia.events.GaiaJson;
import io.gaia.session.config.SessionProperties;
import io.gaia.session.connection.ClientConnection;
import io.gaia.session.connection.ConnectionRegistry;
import io.gaia.session.delta.DeltaRouter;
import io.gaia.session.delta.DeltaSubscriptions;
import io.gaia.session.delta.GapFiller;
import io.gaia.session.delta.ZoneInterest;
import io.gaia.session.delta.JetStreamReplay;
import io.gaia.session.delta.LifecycleListener;
import io.gaia.session.delta.RecentDeltas;
import io.gaia.support.kb.KbClient;
import io.gaia.session.lifecycle.Draining;
import io.gaia.session.message.FrameDispatcher;
import io.gaia.session.metrics.SessionMetrics;
import io.gaia.support.jwt.JwtValidator;
import io.gaia.support.nats.NatsConnection;
import io.micrometer.observation.ObservationPredicate;
import java.util.Map;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;

/** {@code /ws/experience} on Reactor Netty (no servlet container), and the delta path behind it. */
@Configuration(proxyBeanMethods = false)
class WebSocketConfig {

    static final String PATH = "/ws/experience";

    @Bean
    HandlerMapping experienceSocketMapping(ExperienceSocketHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of(PATH, handler), -1);
    }

    @Bean
    WebSocketHandlerAdapter webSocketHandlerAdapter(SessionProperties properties) {
        // Netty enforces the frame limit while decoding, so an oversized frame is never buffered whole.
        var strategy = new ReactorNettyRequestUpgradeStrategy(() -> WebsocketServerSpec.builder()
                .maxFramePayloadLength(properties.maxFrameBytes()));
        return new WebSocketHandlerAdapter(new HandshakeWebSocketService(strategy));
    }

    /**
     * No HTTP-request observation for the upgrade: it would stay open (and in memory) for the life
     * of every socket. Sockets have their own meters ({@code gaia.session.*}).
     */
    @Bean
    ObservationPredicate noObservationForSockets() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && PATH.equals(request.getCarrier().getPath().value()));
    }

    @Bean
    ExperienceSocketHandler experienceSocketHandler(JwtValidator jwt, KbClient kb, GaiaJson json,
                                                    ConnectionRegistry registry, DeltaSubscriptions subscriptions,
                                                    GapFiller gaps, ZoneInterest zones, FrameDispatcher frames,
                                                    SessionMetrics metrics, Draining draining,
                                                    SessionProperties properties) {
        return new ExperienceSocketHandler(jwt, kb, json, registry, subscriptions, gaps, zones, frames, metrics, draining,
                properties);
    }

    @Bean
    RecentDeltas recentDeltas(GaiaJson json, SessionProperties properties) {
        return new RecentDeltas(json, properties.delivery().recentDeltas(),
                properties.delivery().recentDeltaBytes().toBytes());
    }

    @Bean
    DeltaRouter deltaRouter(GaiaJson json, ConnectionRegistry registry, SessionMetrics metrics, RecentDeltas recent) {
        return new DeltaRouter(json, registry, metrics, recent);
    }

    @Bean
    DeltaSubscriptions deltaSubscriptions(NatsConnection nats, DeltaRouter router, ConnectionRegistry registry,
                                          SessionMetrics metrics, RecentDeltas recent) {
        DeltaSubscriptions subscriptions = new DeltaSubscriptions(nats, router::onMessage, recent);
        metrics.gauges(registry::size, registry::users, subscriptions::subjects);
        metrics.outboundBytes(() -> registry.all().stream().mapToLong(ClientConnection::queuedBytes).sum());
        return subscriptions;
    }

    @Bean
    LifecycleListener lifecycleListener(NatsConnection nats, GaiaJson json, ConnectionRegistry registry, GapFiller gaps) {
        return new LifecycleListener(nats, json, registry, gaps);
    }

    @Bean
    ZoneInterest zoneInterest(DeltaSubscriptions subscriptions, ConnectionRegistry registry, GaiaJson json) {
        return new ZoneInterest(subscriptions, registry, json);
    }

    @Bean
    JetStreamReplay jetStreamReplay(GaiaJson json) {
        return new JetStreamReplay(json);
    }

    @Bean
    GapFiller gapFiller(NatsConnection nats, JetStreamReplay replay, RecentDeltas recent, ZoneInterest zones, KbClient kb,
                        GaiaJson json, SessionMetrics metrics, SessionProperties properties, ConnectionRegistry registry) {
        GapFiller filler = new GapFiller(nats, replay, recent, zones, kb, json, metrics, properties);
        // After NATS comes back, deltas published while it was away may be missing: check every socket.
        boolean[] first = {true};
        nats.whenConnected(connection -> {
            if (first[0]) {
                first[0] = false;
                return;
            }
            filler.verifyAll(registry.all());
        });
        return filler;
    }
}
