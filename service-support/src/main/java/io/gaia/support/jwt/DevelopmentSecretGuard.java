package io.gaia.support.jwt;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;

/**
 * Warns when the development JWT secret is in use, and stops a service started with the
 * {@code prod} profile that still has it.
 */
public class DevelopmentSecretGuard implements SmartInitializingSingleton {

    public static final String PRODUCTION_PROFILE = "prod";
    private static final Logger log = LoggerFactory.getLogger(DevelopmentSecretGuard.class);

    private final JwtProperties properties;
    private final Environment environment;

    public DevelopmentSecretGuard(JwtProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!properties.usesDevelopmentSecret()) {
            return;
        }
        if (Arrays.asList(environment.getActiveProfiles()).contains(PRODUCTION_PROFILE)) {
            throw new IllegalStateException("Refusing to start: profile 'prod' is active but gaia.jwt.secret is the "
                    + "development secret. Set GAIA_JWT_SECRET to your real shared secret.");
        }
        log.warn("Using the DEVELOPMENT JWT secret: anyone can mint tokens. Set GAIA_JWT_SECRET for real deployments.");
    }
}
