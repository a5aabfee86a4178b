package io.gaia.support.jwt;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Mints tokens for local play (the browser mirror's "mint" button) — only while the development
 * secret is in use, so a deployment with a real secret can never hand out tokens.
 */
public class DevelopmentTokens {

    private final JwtProperties properties;

    public DevelopmentTokens(JwtProperties properties) {
        this.properties = properties;
    }

    public Optional<String> mint(String userId, boolean admin, Duration ttl) {
        if (!properties.usesDevelopmentSecret()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        var builder = Jwts.builder()
                .subject(userId)
                .claim("user_id", userId)
                .audience().add(properties.audience()).and()
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(ttl)));
        if (admin) {
            builder.claim(properties.adminClaim(), List.of(properties.adminRole()));
        }
        return Optional.of(builder.signWith(Keys.hmacShaKeyFor(properties.secret().getBytes(StandardCharsets.UTF_8)),
                Jwts.SIG.HS256).compact());
    }
}
