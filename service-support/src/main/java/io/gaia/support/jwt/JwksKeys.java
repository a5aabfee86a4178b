package io.gaia.support.jwt;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys of an identity provider's JWKS document, for RS256/ES256 tokens. Fetched in the
 * background (at start, every {@code refresh}, and at most every 30 s when a token names a key id
 * not seen yet), so checking a token never waits on the network: a token whose key is not known yet
 * is refused, and the client's retry after the refresh succeeds. A fetch that fails keeps the keys
 * already known.
 */
public final class JwksKeys implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);
    static final Duration UNKNOWN_KID_INTERVAL = Duration.ofSeconds(30);
    private static final int MAX_BYTES = 256 * 1024;

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "gaia-jwks");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean fetching = new AtomicBoolean();
    private final AtomicLong lastUnknownFetch = new AtomicLong(Long.MIN_VALUE / 2);
    private volatile Map<String, PublicKey> keys = Map.of();

    public JwksKeys(URI url, Duration refresh) {
        this.url = url;
        long every = Math.max(1, refresh.toSeconds());
        refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, every, TimeUnit.SECONDS);
    }

    /** The key with id {@code kid} if it suits {@code algorithm}; an unknown id asks for a refresh. */
    public Optional<PublicKey> key(String kid, String algorithm) {
        PublicKey key = kid == null ? null : keys.get(kid);
        if (key == null) {
            long now = System.nanoTime();
            long last = lastUnknownFetch.get();
            if (now - last > UNKNOWN_KID_INTERVAL.toNanos() && lastUnknownFetch.compareAndSet(last, now)) {
                refresher.execute(this::refreshQuietly);
            }
            return Optional.empty();
        }
        return suits(key, algorithm) ? Optional.of(key) : Optional.empty();
    }

    /** Fetches the document now (also used by tests); returns the number of usable keys. */
    public int refresh() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("JWKS " + url + " answered " + response.statusCode());
        }
        if (response.body().length > MAX_BYTES) {
            throw new IllegalStateException("JWKS " + url + " is larger than " + MAX_BYTES + " bytes");
        }
        JwkSet set = Jwks.setParser().build().parse(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        Map<String, PublicKey> found = new java.util.HashMap<>();
        for (Jwk<?> jwk : set.getKeys()) {
            Key key = jwk.toKey();
            if (jwk.getId() != null && key instanceof PublicKey publicKey
                    && (jwk.getAlgorithm() == null || suits(publicKey, jwk.getAlgorithm()))) {
                found.put(jwk.getId(), publicKey);
            }
        }
        keys = Map.copyOf(found);
        return found.size();
    }

    private void refreshQuietly() {
        if (!fetching.compareAndSet(false, true)) {
            return;
        }
        try {
            int count = refresh();
            log.debug("JWKS {}: {} keys", url, count);
        } catch (Exception e) {
            log.warn("JWKS {} could not be fetched ({} keys kept): {}", url, keys.size(), e.toString());
        } finally {
            fetching.set(false);
        }
    }

    static boolean suits(PublicKey key, String algorithm) {
        return switch (algorithm) {
            case "RS256" -> key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048;
            case "ES256" -> key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256;
            default -> false;
        };
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
