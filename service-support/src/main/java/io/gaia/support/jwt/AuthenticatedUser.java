package io.gaia.support.jwt;

import java.time.Instant;

/** Who a valid token says the caller is. {@code token} is kept so calls to other services can forward it. */
public record AuthenticatedUser(String userId, boolean admin, Instant expiresAt, String token) {
}
