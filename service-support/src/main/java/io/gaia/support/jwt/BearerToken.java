package io.gaia.support.jwt;

/** Reads the token out of an {@code Authorization: Bearer <token>} value (HTTP header, NATS header, handshake). */
public final class BearerToken {

    /** The scheme with its space, matched case-insensitively; what a caller writes before the token. */
    public static final String PREFIX = "Bearer ";

    private BearerToken() {
    }

    /** The token, or null when the value is absent, of another scheme, or has no token. */
    public static String of(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String token = authorization.substring(PREFIX.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
