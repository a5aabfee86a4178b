package io.gaia.chat.kb;

import io.gaia.chat.config.ChatProperties;
import io.gaia.events.GaiaJson;
import io.gaia.support.kb.KbClient;
import io.gaia.support.nats.NatsConnection;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** kb-service over NATS, with this service's timeout, answer limit and retry window ({@code gaia.chat.kb-*}). */
@Configuration(proxyBeanMethods = false)
class KbClientConfiguration {

    @Bean
    KbClient kbClient(NatsConnection nats, GaiaJson json, ChatProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new KbClient(nats, json, properties.kbClient(), meters.getIfAvailable());
    }

    @Bean
    ChatKb chatKb(KbClient kb, GaiaJson json) {
        return new ChatKb(kb, json);
    }
}
