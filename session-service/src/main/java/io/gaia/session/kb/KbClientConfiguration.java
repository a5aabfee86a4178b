package io.gaia.session.kb;

import io.gaia.events.GaiaJson;
import io.gaia.session.config.SessionProperties;
import io.gaia.support.kb.KbClient;
import io.gaia.support.kb.KbClientSettings;
import io.gaia.support.nats.NatsConnection;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** kb-service over NATS, with this service's timeout, answer limit and retry window ({@code gaia.session.kb-*}). */
@Configuration(proxyBeanMethods = false)
class KbClientConfiguration {

    @Bean
    KbClient kbClient(NatsConnection nats, GaiaJson json, SessionProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new KbClient(nats, json, properties.kbClient(), meters.getIfAvailable());
    }
}
