package io.gaia.support.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.events.ErrorCodes;
import io.gaia.testsupport.TestJwks;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RS256/ES256 tokens checked against a JWKS document served over real HTTP on loopback. */
class JwksValidationTest {

    static final String SECRET = "a-test-secret-that-is-long-enough-for-hs512-0123456789abcdef0123456789";
    static final KeyPair RSA = Jwts.SIG.RS256.keyPair().build();
    static final KeyPair EC = Jwts.SIG.ES256.keyPair().build();
    static final KeyPair OTHER_RSA = Jwts.SIG.RS256.keyPair().build();

    TestJwks provider;
    JwksKeys keys;
    JwtValidator validator;

    @BeforeEach
    void serve() throws Exception {
        provider = TestJwks.serve(TestJwks.document(TestJwks.key(RSA, "rsa-1", "RS256"), TestJwks.key(EC, "ec-1", "ES256")));
        JwtProperties properties = new JwtProperties(SECRET, "authenticated", "HS256", Duration.ofSeconds(30),
                "gaia_roles", "admin", provider.url(), Duration.ofHours(1));
        keys = new JwksKeys(URI.create(properties.jwksUrl()), properties.jwksRefresh());
        assertThat(keys.refresh()).isEqualTo(2);
        validator = new JwtValidator(properties, keys);
    }

    @AfterEach
    void stop() {
        keys.close();
        provider.close();
    }

    @Test
    void rs256AndEs256TokensSignedByAJwksKeyAreAccepted() {
        assertThat(validator.validate(token(RSA.getPrivate(), "rsa-1", Jwts.SIG.RS256)).userId()).isEqualTo("ines");
        assertThat(validator.validate(token(EC.getPrivate(), "ec-1", Jwts.SIG.ES256)).userId()).isEqualTo("ines");
    }

    @Test
    void theSharedSecretStaysAccepted() {
        String hs256 = Jwts.builder().subject("ines").audience().add("authenticated").and()
                .expiration(new Date(System.currentTimeMillis() + 60_000))
                .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
        assertThat(validator.validate(hs256).userId()).isEqualTo("ines");
    }

    @Test
    void aTokenSignedByAnotherKeyUnderAKnownIdIsRefused() {
        assertThatThrownBy(() -> validator.validate(token(OTHER_RSA.getPrivate(), "rsa-1", Jwts.SIG.RS256)))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.UNAUTHORIZED));
    }

    @Test
    void aKeyIsOnlyUsedForItsOwnAlgorithm() {
        // the RSA key's id with an ES256 header: no key is handed out
        assertThatThrownBy(() -> validator.validate(token(EC.getPrivate(), "rsa-1", Jwts.SIG.ES256)))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("no ES256 key with id 'rsa-1'");
    }

    @Test
    void anUnknownKeyIdIsRefusedAndFetchesTheDocumentAgainSoARotatedKeyIsAcceptedNext() throws Exception {
        KeyPair rotated = Jwts.SIG.RS256.keyPair().build();
        provider.publish(TestJwks.document(TestJwks.key(RSA, "rsa-1", "RS256"), TestJwks.key(rotated, "rsa-2", "RS256")));
        int before = provider.fetches();
        String token = token(rotated.getPrivate(), "rsa-2", Jwts.SIG.RS256);
        assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(InvalidTokenException.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (provider.fetches() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(provider.fetches()).as("an unknown kid asks for the document again").isGreaterThan(before);
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                assertThat(validator.validate(token).userId()).isEqualTo("ines");
                return;
            } catch (InvalidTokenException notYet) {
                Thread.sleep(20);
            }
        }
        assertThat(validator.validate(token).userId()).isEqualTo("ines");
    }

    @Test
    void withoutAJwksRs256IsNotAccepted() {
        JwtValidator secretOnly = new JwtValidator(
                new JwtProperties(SECRET, "authenticated", "HS256", Duration.ofSeconds(30), "gaia_roles", "admin"));
        assertThatThrownBy(() -> secretOnly.validate(token(RSA.getPrivate(), "rsa-1", Jwts.SIG.RS256)))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("not accepted");
    }

    @Test
    void aFailingFetchKeepsTheKeysAlreadyKnown() throws Exception {
        provider.publish("{not json");
        assertThatThrownBy(keys::refresh).isInstanceOf(Exception.class);
        assertThat(validator.validate(token(RSA.getPrivate(), "rsa-1", Jwts.SIG.RS256)).userId()).isEqualTo("ines");
    }

    private static String token(PrivateKey key, String kid, io.jsonwebtoken.security.SignatureAlgorithm alg) {
        return TestJwks.token(key, kid, alg, "ines");
    }
}
