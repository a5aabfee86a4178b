package io.gaia.support.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.gaia.events.ErrorCodes;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RS256/ES256 tokens checked against a JWKS document served over real HTTP on loopback. */
class JwksValidationTest {

    static final String SECRET = "a-test-secret-that-is-long-enough-for-hs512-0123456789abcdef0123456789";
    static final KeyPair RSA = Jwts.SIG.RS256.keyPair().build();
    static final KeyPair EC = Jwts.SIG.ES256.keyPair().build();
    static final KeyPair OTHER_RSA = Jwts.SIG.RS256.keyPair().build();

    final AtomicReference<String> document = new AtomicReference<>();
    final AtomicInteger fetches = new AtomicInteger();
    HttpServer server;
    JwksKeys keys;
    JwtValidator validator;

    @BeforeEach
    void serve() throws Exception {
        document.set(jwks(jwk(RSA, "rsa-1", "RS256"), jwk(EC, "ec-1", "ES256")));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        JwtProperties properties = new JwtProperties(SECRET, "authenticated", "HS256", Duration.ofSeconds(30),
                "gaia_roles", "admin", "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json",
                Duration.ofHours(1));
        keys = new JwksKeys(URI.create(properties.jwksUrl()), properties.jwksRefresh());
        assertThat(keys.refresh()).isEqualTo(2);
        validator = new JwtValidator(properties, keys);
    }

    @AfterEach
    void stop() {
        keys.close();
        server.stop(0);
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
        document.set(jwks(jwk(RSA, "rsa-1", "RS256"), jwk(rotated, "rsa-2", "RS256")));
        int before = fetches.get();
        String token = token(rotated.getPrivate(), "rsa-2", Jwts.SIG.RS256);
        assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(InvalidTokenException.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (fetches.get() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(fetches.get()).as("an unknown kid asks for the document again").isGreaterThan(before);
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
        document.set("{not json");
        assertThatThrownBy(keys::refresh).isInstanceOf(Exception.class);
        assertThat(validator.validate(token(RSA.getPrivate(), "rsa-1", Jwts.SIG.RS256)).userId()).isEqualTo("ines");
    }

    private static String token(PrivateKey key, String kid, io.jsonwebtoken.security.SignatureAlgorithm alg) {
        return Jwts.builder().header().keyId(kid).and().subject("ines").audience().add("authenticated").and()
                .expiration(new Date(System.currentTimeMillis() + 60_000)).signWith(key, alg).compact();
    }

    private static String jwk(KeyPair pair, String kid, String alg) {
        return Jwks.json(Jwks.builder().key((java.security.PublicKey) pair.getPublic()).id(kid).algorithm(alg).build());
    }

    private static String jwks(String... keys) {
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }
}
