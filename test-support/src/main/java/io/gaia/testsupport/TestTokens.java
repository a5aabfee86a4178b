package io.gaia.testsupport;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/** Mints HS256 tokens the way Supabase does (audience {@code authenticated}), for tests. */
public final class TestTokens {

    /** Same value as the services' local development default. */
    public static final String DEVELOPMENT_SECRET = "gaia-local-development-secret-do-not-use-in-production";

    private final String secret;

    public TestTokens(String secret) {
        this.secret = secret;
    }

    public static TestTokens development() {
        return new TestTokens(DEVELOPMENT_SECRET);
    }

    public String player(String userId) {
        return token(userId, Duration.ofHours(1), b -> b);
    }

    public String admin(String userId) {
        return token(userId, Duration.ofHours(1), b -> b.claim("gaia_roles", List.of("admin")));
    }

    /** A token for {@code userId} valid for {@code ttl} (negative: already expired), with extra claims. */
    public String token(String userId, Duration ttl, UnaryOperator<JwtBuilder> customize) {
        Instant now = Instant.now();
        JwtBuilder builder = Jwts.builder()
                .subject(userId)
                .claim("user_id", userId)
                .audience().add("authenticated").and()
                .issuedAt(Date.from(now.minus(Duration.ofMinutes(1))))
                .expiration(Date.from(now.plus(ttl)))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256);
        return customize.apply(builder).compact();
    }
}
