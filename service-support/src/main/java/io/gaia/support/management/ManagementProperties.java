package io.gaia.support.management;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may read the actuator beyond public health ({@code gaia.management.*}): a caller with an admin
 * JWT, or one presenting {@code token} (a long random secret for a metrics scraper such as
 * Prometheus, which cannot refresh a JWT) as {@code Authorization: Bearer <token>}. Empty: admin JWTs only.
 */
@ConfigurationProperties("gaia.management")
public record ManagementProperties(@DefaultValue("") String token) {

    public boolean hasToken() {
        return token != null && !token.isBlank();
    }
}
