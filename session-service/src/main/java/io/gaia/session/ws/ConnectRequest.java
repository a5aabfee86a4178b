package io.gaia.session.ws;

import io.gaia.events.socket.Versions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.HandshakeInfo;

/**
 * What a client asks for when it opens {@code /ws/experience}: its token ({@code ?token=} or
 * {@code Authorization: Bearer}), the experience, and optionally the versions to resume from
 * ({@code ?world_version=&player_version=&epoch=&zone=}; {@code zone} names the zone whose chain
 * {@code world_version} is, and a client that names none is taken to hold its current zone's), and the delta format ({@code ?delta_format=v0.3} for old clients).
 */
record ConnectRequest(String token, String experience, Versions resumeFrom, String invalidResume, boolean legacyDeltas,
                      String epoch, String zone) {

    /** What an epoch looks like ({@code ?epoch=}): kb-service's opaque id of a history. */
    static final java.util.regex.Pattern EPOCH = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,40}");

    /** {@code ?delta_format=v0.3}: world updates in the v0.3 shape for clients that predate versions. */
    static final String LEGACY_FORMAT = "v0.3";

    static ConnectRequest from(HandshakeInfo info) {
        Map<String, String> query = query(info.getUri());
        String token = query.get("token");
        String header = info.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (token == null || token.isBlank()) {
            token = io.gaia.support.jwt.BearerToken.of(header);
        }
        String invalid = null;
        Long world = null;
        Long player = null;
        try {
            world = version(query.get("world_version"));
            player = version(query.get("player_version"));
        } catch (NumberFormatException e) {
            invalid = "world_version and player_version must be non-negative integers";
        }
        Versions resume = world == null && player == null ? null : new Versions(world, player);
        String format = query.get("delta_format");
        if (format != null && !format.isBlank() && !LEGACY_FORMAT.equals(format) && !"v0.4".equals(format)) {
            invalid = "delta_format must be v0.4 (default) or v0.3";
        }
        String epoch = query.get("epoch");
        if (epoch != null && !epoch.isEmpty() && !EPOCH.matcher(epoch).matches()) {
            invalid = "epoch must match [A-Za-z0-9_-]{1,40}";
        }
        String zone = query.get("zone");
        if (zone != null && !zone.isEmpty() && !io.gaia.events.ZoneChain.isName(zone)) {
            invalid = "zone must be " + io.gaia.events.ZoneChain.NAME_RULE;
        }
        return new ConnectRequest(token, query.get("experience"), resume, invalid, LEGACY_FORMAT.equals(format),
                epoch == null || epoch.isEmpty() ? null : epoch, zone == null || zone.isEmpty() ? null : zone);
    }

    private static Long version(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        long version = Long.parseLong(value.trim());
        if (version < 0) {
            throw new NumberFormatException("negative");
        }
        return version;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(key, value);
        }
        return params;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
