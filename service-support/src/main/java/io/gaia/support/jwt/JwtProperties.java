package io.gaia.support.jwt;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How tokens are checked ({@code gaia.jwt.*}). Tokens are HS256 with a shared secret, Supabase
 * style. {@code admin-claim} names the claim that carries roles, {@code admin-role} the value
 * that makes a caller an admin (the claim may be a string or a list of strings). {@code jwks-url},
 * when set, also accepts RS256 and ES256 tokens signed by a key of that JWKS document (by
 * {@code kid}), refreshed every {@code jwks-refresh}; the shared-secret algorithm stays accepted.
 * Every token must carry {@code exp}, and may live at most {@code max-lifetime}: {@code exp - iat},
 * or {@code exp - now} when it has no {@code iat} (default 24h).
 */
@ConfigurationProperties("gaia.jwt")
public record JwtProperties(
        @DefaultValue(DEVELOPMENT_SECRET) String secret,
        @DefaultValue("authenticated") String audience,
        @DefaultValue("HS256") String algorithm,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("gaia_roles") String adminClaim,
        @DefaultValue("admin") String adminRole,
        @DefaultValue("") String jwksUrl,
        @DefaultValue("10m") Duration jwksRefresh,
        @DefaultValue("24h") Duration maxLifetime) {

    /** The default {@code max-lifetime}. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);

    @ConstructorBinding
    public JwtProperties {
    }

    /** Shared secret only, no JWKS. */
    public JwtProperties(String secret, String audience, String algorithm, Duration clockSkew, String adminClaim,
                         String adminRole) {
        this(secret, audience, algorithm, clockSkew, adminClaim, adminRole, "", Duration.ofMinutes(10));
    }

    /** With a JWKS and the default maximum lifetime. */
    public JwtProperties(String secret, String audience, String algorithm, Duration clockSkew, String adminClaim,
                         String adminRole, String jwksUrl, Duration jwksRefresh) {
        this(secret, audience, algorithm, clockSkew, adminClaim, adminRole, jwksUrl, jwksRefresh, DEFAULT_MAX_LIFETIME);
    }

    public boolean usesJwks() {
        return jwksUrl != null && !jwksUrl.isBlank();
    }

    /** The local default. Anyone can mint tokens with it, so a production profile refuses it. */
    public static final String DEVELOPMENT_SECRET = "gaia-local-development-secret-do-not-use-in-production";

    public boolean usesDevelopmentSecret() {
        return DEVELOPMENT_SECRET.equals(secret);
    }
}
