package io.gaia.testsupport;

import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An identity provider's JWKS document served over real HTTP on loopback, and tokens signed the
 * way such a provider signs them (RS256/ES256 with a {@code kid}, audience {@code authenticated}).
 */
public final class TestJwks implements AutoCloseable {

    private static final String PATH = "/.well-known/jwks.json";

    private final HttpServer server;
    private final AtomicReference<String> document;
    private final AtomicInteger fetches = new AtomicInteger();

    private TestJwks(String document) throws IOException {
        this.document = new AtomicReference<>(document);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PATH, exchange -> {
            fetches.incrementAndGet();
            byte[] body = this.document.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** Serves {@code document} (see {@link #document}) until closed. */
    public static TestJwks serve(String document) throws IOException {
        return new TestJwks(document);
    }

    /** A JWKS document of the given keys (see {@link #key}). */
    public static String document(String... keys) {
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }

    /** One public key of {@code pair} as a JWK with id {@code kid} and algorithm {@code alg}. */
    public static String key(KeyPair pair, String kid, String alg) {
        return Jwks.json(Jwks.builder().key((PublicKey) pair.getPublic()).id(kid).algorithm(alg).build());
    }

    /** A token for {@code subject}, valid for ten minutes, signed with {@code key} and naming {@code kid}. */
    public static String token(PrivateKey key, String kid, SignatureAlgorithm alg, String subject) {
        return Jwts.builder().header().keyId(kid).and().subject(subject).audience().add("authenticated").and()
                .expiration(new Date(System.currentTimeMillis() + Duration.ofMinutes(10).toMillis()))
                .signWith(key, alg).compact();
    }

    /** Replaces the document served from now on (key rotation, a broken document). */
    public void publish(String document) {
        this.document.set(document);
    }

    public int fetches() {
        return fetches.get();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
