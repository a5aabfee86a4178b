package io.gaia.support.jwt;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DevelopmentSecretGuardTest {

    private static JwtProperties withSecret(String secret) {
        return new JwtProperties(secret, "authenticated", "HS256", Duration.ofSeconds(30), "gaia_roles", "admin");
    }

    @Test
    void theProductionProfileRefusesTheDevelopmentSecret() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("prod");
        assertThatThrownBy(() -> new DevelopmentSecretGuard(withSecret(JwtProperties.DEVELOPMENT_SECRET), env)
                .afterSingletonsInstantiated()).hasMessageContaining("GAIA_JWT_SECRET");
    }

    @Test
    void theProductionProfileStartsWithARealSecret() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("prod");
        assertThatCode(() -> new DevelopmentSecretGuard(withSecret("a-real-secret-of-at-least-32-bytes-long!!"), env)
                .afterSingletonsInstantiated()).doesNotThrowAnyException();
    }

    @Test
    void locallyTheDevelopmentSecretOnlyWarns() {
        assertThatCode(() -> new DevelopmentSecretGuard(withSecret(JwtProperties.DEVELOPMENT_SECRET), new MockEnvironment())
                .afterSingletonsInstantiated()).doesNotThrowAnyException();
    }
}
