package io.gaia.support.jwt;

import io.gaia.events.ErrorCodes;
import io.gaia.events.UserIds;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import javax.crypto.SecretKey;

/**
 * Checks a bearer token: signature with the shared secret and only the configured algorithm
 * ({@code alg: none} and every other algorithm are refused), audience, {@code exp}/{@code nbf}
 * with a small skew. A token without {@code exp}, or living longer than {@code max-lifetime}
 * ({@code exp - min(iat, now)}; a future {@code iat} does not count), is refused. The user id is the {@code user_id} claim,
 * else {@code sub}. A token that passed is not checked in full again for a minute ({@link ValidatedTokens}),
 * though never past its expiry.
 */
public class JwtValidator implements AutoCloseable {

    public static final int MAX_TOKEN_LENGTH = 8192;

    private final JwtProperties properties;
    private final JwtParser parser;
    private final JwksKeys jwks;
    private final ValidatedTokens validated;

    public JwtValidator(JwtProperties properties) {
        this(properties, properties.usesJwks()
                ? new JwksKeys(java.net.URI.create(properties.jwksUrl()), properties.jwksRefresh()) : null);
    }

    JwtValidator(JwtProperties properties, JwksKeys jwks) {
        this.properties = properties;
        this.jwks = jwks;
        SecretKey key = Keys.hmacShaKeyFor(properties.secret().getBytes(StandardCharsets.UTF_8));
        this.parser = Jwts.parser()
                .keyLocator(new OnlyAcceptedAlgorithms(properties.algorithm(), key, jwks))
                .requireAudience(properties.audience())
                .clockSkewSeconds(properties.clockSkew().toSeconds())
                .build();
        this.validated = new ValidatedTokens(ValidatedTokens.TTL, properties.clockSkew(), ValidatedTokens.MAX_ENTRIES,
                System::currentTimeMillis);
    }

    public AuthenticatedUser validate(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException(ErrorCodes.UNAUTHORIZED, "missing token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException(ErrorCodes.UNAUTHORIZED, "token too long");
        }
        String trimmed = token.trim();
        AuthenticatedUser known = validated.find(trimmed);
        if (known != null) {
            return known;
        }
        Claims claims;
        try {
            claims = parser.parseSignedClaims(trimmed).getPayload();
        } catch (ExpiredJwtException e) {
            throw new InvalidTokenException(ErrorCodes.TOKEN_EXPIRED, "token expired");
        } catch (JwtException | IllegalArgumentException e) {
            throw new InvalidTokenException(ErrorCodes.UNAUTHORIZED, "invalid token: " + e.getMessage());
        }
        AuthenticatedUser user = new AuthenticatedUser(userId(claims), isAdmin(claims), expiry(claims), trimmed);
        validated.add(trimmed, user);
        return user;
    }

    /** {@code exp}, which every token must carry, within the maximum lifetime. */
    private Instant expiry(Claims claims) {
        if (claims.getExpiration() == null) {
            throw new InvalidTokenException(ErrorCodes.UNAUTHORIZED, "token has no exp claim; tokens must expire");
        }
        Instant expires = claims.getExpiration().toInstant();
        // Counted from the earlier of iat and now: a future iat must not shrink the lifetime of a token
        // whose exp is years away, and a past iat cannot stretch it either.
        Instant now = Instant.now();
        Instant issued = claims.getIssuedAt() != null ? claims.getIssuedAt().toInstant() : now;
        Instant from = issued.isBefore(now) ? issued : now;
        Duration lifetime = Duration.between(from, expires);
        if (lifetime.compareTo(properties.maxLifetime().plus(properties.clockSkew())) > 0) {
            throw new InvalidTokenException(ErrorCodes.UNAUTHORIZED, "token lives longer than the allowed "
                    + properties.maxLifetime().toMinutes() + " minutes (exp - min(iat, now))");
        }
        return expires;
    }

    /** Stops the JWKS refresher, if any (Spring calls this when the context closes). */
    @Override
    public void close() {
        if (jwks != null) {
            jwks.close();
        }
    }

    private static String userId(Claims claims) {
        Object userId = claims.get("user_id");
        String id = userId instanceof String s && !s.isBlank() ? s : claims.getSubject();
        if (id == null || id.isBlank()) {
            throw new InvalidTokenException(ErrorCodes.UNAUTHORIZED, "token carries neither user_id nor sub");
        }
        // The one place a user id enters GAIA: the limit (UserIds) is checked here and nowhere else.
        String problem = UserIds.problem(id);
        if (problem != null) {
            throw new InvalidTokenException(ErrorCodes.UNAUTHORIZED, problem);
        }
        return id;
    }

    private boolean isAdmin(Claims claims) {
        Object roles = claims.get(properties.adminClaim());
        if (roles instanceof String role) {
            return properties.adminRole().equals(role);
        }
        return roles instanceof Collection<?> list && list.contains(properties.adminRole());
    }

    /**
     * Hands out the shared secret only when the header names the configured algorithm, and a JWKS
     * key only for RS256/ES256 when a JWKS is configured and knows the header's {@code kid}.
     */
    private static final class OnlyAcceptedAlgorithms extends LocatorAdapter<Key> {
        private final String algorithm;
        private final SecretKey key;
        private final JwksKeys jwks;

        OnlyAcceptedAlgorithms(String algorithm, SecretKey key, JwksKeys jwks) {
            this.algorithm = algorithm;
            this.key = key;
            this.jwks = jwks;
        }

        @Override
        protected Key locate(ProtectedHeader header) {
            String alg = header.getAlgorithm();
            if (algorithm.equals(alg)) {
                return key;
            }
            if (jwks != null && ("RS256".equals(alg) || "ES256".equals(alg))) {
                return jwks.key(header.getKeyId(), alg).orElseThrow(() -> new UnsupportedJwtException(
                        "no " + alg + " key with id '" + header.getKeyId() + "' in the JWKS"));
            }
            throw new UnsupportedJwtException("algorithm " + alg + " is not accepted");
        }
    }
}
