package io.gaia.kb.ownership;

import io.gaia.kb.experience.ExperienceCatalog;
import io.gaia.support.nats.NatsConnection;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code gaia.kb.ownership.enabled=true}, this instance shares the loaded experiences with the
 * other kb-service instances on the same NATS through leases. An {@link OwnershipListener} bean, if
 * there is one, is told what this instance owns.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gaia.kb.ownership", name = "enabled", havingValue = "true")
class OwnershipConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    OwnershipManager ownershipManager(OwnershipProperties properties, NatsConnection nats, ExperienceCatalog catalog,
                                      ObjectProvider<OwnershipListener> listener) {
        return new OwnershipManager(properties.settings(), nats::connected, () -> loadedIds(catalog),
                listener.getIfAvailable(() -> OwnershipListener.NONE));
    }

    private static List<String> loadedIds(ExperienceCatalog catalog) {
        return catalog.entries().stream().filter(ExperienceCatalog.Entry::loaded).map(ExperienceCatalog.Entry::id)
                .toList();
    }
}
