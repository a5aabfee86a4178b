package io.gaia.support.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.events.ErrorCodes;
import io.gaia.events.UserIds;
import io.gaia.testsupport.TestTokens;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwtValidatorTest {

    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs512-0123456789abcdef0123456789";
    private final JwtValidator validator = new JwtValidator(
            new JwtProperties(SECRET, "authenticated", "HS256", Duration.ofSeconds(30), "gaia_roles", "admin"));
    private final TestTokens tokens = new TestTokens(SECRET);

    @Test
    void aValidTokenYieldsTheUserIdFromTheUserIdClaim() {
        String token = tokens.token("sub-id", Duration.ofMinutes(5), b -> b.claim("user_id", "jason"));
        AuthenticatedUser user = validator.validate(token);
        assertThat(user.userId()).isEqualTo("jason");
        assertThat(user.admin()).isFalse();
        assertThat(user.token()).isEqualTo(token);
    }

    @Test
    void withoutAUserIdClaimTheSubjectIsTheUser() {
        String token = Jwts.builder().subject("sofia").audience().add("authenticated").and()
                .expiration(new Date(System.currentTimeMillis() + 60_000))
                .signWith(key(), Jwts.SIG.HS256).compact();
        assertThat(validator.validate(token).userId()).isEqualTo("sofia");
    }

    @Test
    void anAdminRoleIsRecognisedAsAStringOrInAList() {
        assertThat(validator.validate(tokens.token("a", Duration.ofMinutes(5), b -> b.claim("gaia_roles", "admin"))).admin()).isTrue();
        assertThat(validator.validate(tokens.token("a", Duration.ofMinutes(5), b -> b.claim("gaia_roles", List.of("x", "admin")))).admin()).isTrue();
        assertThat(validator.validate(tokens.token("a", Duration.ofMinutes(5), b -> b.claim("gaia_roles", "player"))).admin()).isFalse();
    }

    @Test
    void userIdsUpToTheProtocolLimitAreAcceptedAndLongerOnesRefused() {
        String ascii = "u".repeat(UserIds.MAX_BYTES);
        String cyrillic = "ж".repeat(UserIds.MAX_BYTES / 2);
        assertThat(validator.validate(tokens.player(ascii)).userId()).isEqualTo(ascii);
        assertThat(validator.validate(tokens.player(cyrillic)).userId()).isEqualTo(cyrillic);
        assertRefused(tokens.player(ascii + "u"), ErrorCodes.UNAUTHORIZED);
        assertRefused(tokens.player(cyrillic + "ж"), ErrorCodes.UNAUTHORIZED);
        assertRefused(tokens.player("bad\nid"), ErrorCodes.UNAUTHORIZED);
        assertThatThrownBy(() -> validator.validate(tokens.player(ascii + "u"))).hasMessageContaining(UserIds.MAX_BYTES + " UTF-8 bytes");
    }

    @Test
    void aTokenCheckedBeforeIsAcceptedAgainButAnAlteredCopyOfItIsStillRefused() {
        String token = tokens.player("jason");
        AuthenticatedUser first = validator.validate(token);
        assertThat(validator.validate(" " + token + " ")).isEqualTo(first);
        int at = token.lastIndexOf('.') + 5; // a signature character that carries no padding bits
        String altered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        assertRefused(altered, ErrorCodes.UNAUTHORIZED);
        assertRefused(token.substring(0, token.lastIndexOf('.') + 1), ErrorCodes.UNAUTHORIZED);
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() {
        String token = tokens.token("jason", Duration.ofMinutes(-5), b -> b);
        assertRefused(token, ErrorCodes.TOKEN_EXPIRED);
    }

    @Test
    void expiryWithinTheClockSkewIsTolerated() {
        String token = tokens.token("jason", Duration.ofSeconds(-10), b -> b);
        assertThat(validator.validate(token).userId()).isEqualTo("jason");
    }

    @Test
    void aTokenNotYetValidIsRefused() {
        String token = tokens.token("jason", Duration.ofHours(1), b -> b.notBefore(new Date(System.currentTimeMillis() + 600_000)));
        assertRefused(token, ErrorCodes.UNAUTHORIZED);
    }

    @Test
    void theWrongAudienceIsRefused() {
        String token = Jwts.builder().subject("jason").audience().add("anon").and()
                .expiration(new Date(System.currentTimeMillis() + 60_000)).signWith(key(), Jwts.SIG.HS256).compact();
        assertRefused(token, ErrorCodes.UNAUTHORIZED);
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        assertRefused(new TestTokens(SECRET + "-other").player("jason"), ErrorCodes.UNAUTHORIZED);
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String body = b64("{\"sub\":\"jason\",\"aud\":\"authenticated\",\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}");
        assertRefused(header + "." + body + ".", ErrorCodes.UNAUTHORIZED);
    }

    @Test
    void anotherHmacAlgorithmWithTheSameSecretIsRefused() {
        String token = Jwts.builder().subject("jason").audience().add("authenticated").and()
                .expiration(new Date(System.currentTimeMillis() + 60_000)).signWith(key(), Jwts.SIG.HS512).compact();
        assertRefused(token, ErrorCodes.UNAUTHORIZED);
    }

    @Test
    void anRs256TokenIsRefused() {
        KeyPair pair = Jwts.SIG.RS256.keyPair().build();
        String token = Jwts.builder().subject("jason").audience().add("authenticated").and()
                .expiration(new Date(System.currentTimeMillis() + 60_000)).signWith(pair.getPrivate(), Jwts.SIG.RS256).compact();
        assertRefused(token, ErrorCodes.UNAUTHORIZED);
    }

    @Test
    void missingAndGarbageTokensAreRefused() {
        assertRefused(null, ErrorCodes.UNAUTHORIZED);
        assertRefused("", ErrorCodes.UNAUTHORIZED);
        assertRefused("not.a.jwt", ErrorCodes.UNAUTHORIZED);
        assertRefused("x".repeat(JwtValidator.MAX_TOKEN_LENGTH + 1), ErrorCodes.UNAUTHORIZED);
    }

    @Test
    void aTokenWithoutAnyUserIdIsRefused() {
        String token = Jwts.builder().audience().add("authenticated").and()
                .expiration(new Date(System.currentTimeMillis() + 60_000)).signWith(key(), Jwts.SIG.HS256).compact();
        assertRefused(token, ErrorCodes.UNAUTHORIZED);
    }

    @Test
    void aUserIdWithControlCharactersIsRefused() {
        assertRefused(tokens.player("jason\u0000admin"), ErrorCodes.UNAUTHORIZED);
    }

    @Test
    void aTokenWithoutExpIsRefusedBecauseItWouldNeverExpire() {
        String token = Jwts.builder().subject("jason").audience().add("authenticated").and()
                .issuedAt(new Date()).signWith(key(), Jwts.SIG.HS256).compact();
        assertThatThrownBy(() -> validator.validate(token))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains("exp");
                });
    }

    @Test
    void aTokenLivingLongerThanTheMaximumLifetimeIsRefused() {
        // exp - iat = 25 h against the default 24 h
        String tooLong = Jwts.builder().subject("jason").audience().add("authenticated").and()
                .issuedAt(new Date()).expiration(new Date(System.currentTimeMillis() + Duration.ofHours(25).toMillis()))
                .signWith(key(), Jwts.SIG.HS256).compact();
        assertRefused(tooLong, ErrorCodes.UNAUTHORIZED);
        // without iat the lifetime is counted from now
        String noIat = Jwts.builder().subject("jason").audience().add("authenticated").and()
                .expiration(new Date(System.currentTimeMillis() + Duration.ofDays(30).toMillis()))
                .signWith(key(), Jwts.SIG.HS256).compact();
        assertRefused(noIat, ErrorCodes.UNAUTHORIZED);
        // an old iat cannot stretch a token either: issued 2 days ago, expiring in an hour
        String oldIat = Jwts.builder().subject("jason").audience().add("authenticated").and()
                .issuedAt(new Date(System.currentTimeMillis() - Duration.ofDays(2).toMillis()))
                .expiration(new Date(System.currentTimeMillis() + Duration.ofHours(1).toMillis()))
                .signWith(key(), Jwts.SIG.HS256).compact();
        assertRefused(oldIat, ErrorCodes.UNAUTHORIZED);
    }

    @Test
    void aFutureIatCannotHideALifetimeOfYears() {
        // iat an hour before exp, both three years away: exp - iat is 1 h, but the token lives 3 years from now
        long threeYears = Duration.ofDays(3 * 365).toMillis();
        String futureIat = Jwts.builder().subject("jason").audience().add("authenticated").and()
                .issuedAt(new Date(System.currentTimeMillis() + threeYears - Duration.ofHours(1).toMillis()))
                .expiration(new Date(System.currentTimeMillis() + threeYears))
                .signWith(key(), Jwts.SIG.HS256).compact();
        assertRefused(futureIat, ErrorCodes.UNAUTHORIZED);
    }

    @Test
    void aTokenWithinTheMaximumLifetimeIsAcceptedAndCarriesItsExpiry() {
        String token = tokens.token("jason", Duration.ofHours(23), b -> b);
        AuthenticatedUser user = validator.validate(token);
        assertThat(user.expiresAt()).isNotNull().isAfter(java.time.Instant.now().plus(Duration.ofHours(22)));
    }

    @Test
    void theMaximumLifetimeIsConfigurable() {
        JwtValidator strict = new JwtValidator(new JwtProperties(SECRET, "authenticated", "HS256", Duration.ofSeconds(30),
                "gaia_roles", "admin", "", Duration.ofMinutes(10), Duration.ofMinutes(15)));
        assertThat(strict.validate(tokens.token("jason", Duration.ofMinutes(10), b -> b)).userId()).isEqualTo("jason");
        assertThatThrownBy(() -> strict.validate(tokens.token("jason", Duration.ofHours(1), b -> b)))
                .isInstanceOf(InvalidTokenException.class);
    }

    private void assertRefused(String token, String code) {
        assertThatThrownBy(() -> validator.validate(token))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static javax.crypto.SecretKey key() {
        return Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
