package io.gaia.kb.serving;

import io.gaia.kb.nats.KbResponder;
import io.gaia.kb.world.EngineRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** With ownership on, this instance opens and serves only what it owns ({@link OwnedServing}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gaia.kb.ownership", name = "enabled", havingValue = "true")
class ServingConfiguration {

    @Bean(destroyMethod = "close")
    OwnedServing ownedServing(EngineRegistry engines, KbResponder responder) {
        return new OwnedServing(engines, responder);
    }
}
