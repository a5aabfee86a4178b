package io.gaia.testsupport.socket;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * session-service's socket address with its query: {@code ws://host:port/ws/experience?experience=..&token=..}
 * and, for a resume, the held versions and epoch (docs/protocol.md).
 *
 * <pre>{@code SocketUrl.of(sessionHttpUrl).experience("wylding-woods").token(t).versions(world, player).build()}</pre>
 */
public final class SocketUrl {

    public static final String PATH = "/ws/experience";

    private final String base;
    private final Map<String, String> query = new LinkedHashMap<>();

    private SocketUrl(String base) {
        this.base = base;
    }

    /** From a service's {@code http://host:port} (or an already {@code ws://} base); the socket path is added. */
    public static SocketUrl of(String serviceUrl) {
        String ws = serviceUrl.replaceFirst("^http", "ws");
        return new SocketUrl(ws.endsWith(PATH) ? ws : ws + PATH);
    }

    public SocketUrl experience(String experience) {
        return param("experience", experience);
    }

    public SocketUrl token(String token) {
        return param("token", token);
    }

    /** Resume from these held versions ({@code world_version}, {@code player_version}). */
    public SocketUrl versions(long world, long player) {
        return param("world_version", Long.toString(world)).param("player_version", Long.toString(player));
    }

    /** The epoch the held versions belong to; ignored when null. */
    public SocketUrl epoch(String epoch) {
        return epoch == null ? this : param("epoch", epoch);
    }

    /** The zone whose chain the held world version is; ignored when null. */
    public SocketUrl zone(String zone) {
        return zone == null ? this : param("zone", zone);
    }

    /** Any other query parameter, URL-encoded. */
    public SocketUrl param(String name, String value) {
        query.put(name, value);
        return this;
    }

    public String build() {
        if (query.isEmpty()) {
            return base;
        }
        return base + "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    public String toString() {
        return build();
    }
}
