package io.gaia.kb.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class OwnershipPropertiesTest {

    private static OwnershipProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("gaia.kb.ownership", OwnershipProperties.class);
    }

    @Test
    void defaultsAreOffWithAThreeSecondLeaseAndReplicasFollowingTheServer() {
        OwnershipProperties defaults = bind(Map.of());
        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.ttl()).isEqualTo(Duration.ofSeconds(3));
        assertThat(defaults.replicas()).isZero();
    }

    @Test
    void aBlankInstanceIdBecomesAUniqueOnePerStart() {
        OwnershipProperties defaults = bind(Map.of());
        String first = defaults.settings().instanceId();
        assertThat(first).isNotBlank().isNotEqualTo(defaults.settings().instanceId());
        assertThat(LeaseKeys.decode(LeaseKeys.encode(first))).isEqualTo(first);
    }

    @Test
    void settingsAreBoundFromTheirKebabCaseNames() {
        OwnershipProperties set = bind(Map.of("gaia.kb.ownership.enabled", "true", "gaia.kb.ownership.ttl", "5s",
                "gaia.kb.ownership.replicas", "3", "gaia.kb.ownership.instance-id", "kb-1"));
        assertThat(set.settings()).isEqualTo(new OwnershipManager.Settings("kb-1", Duration.ofSeconds(5), 3));
    }

    @Test
    void aLeaseTooShortToRenewIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("gaia.kb.ownership.ttl", "100ms")))
                .hasStackTraceContaining("at least 300ms");
    }
}
