package io.gaia.support.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ValidatedTokensTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ValidatedTokens tokens = new ValidatedTokens(Duration.ofSeconds(60), Duration.ofSeconds(30), 3, now::get);

    private AuthenticatedUser user(String token, Duration expiresIn) {
        return new AuthenticatedUser("u-" + token, false, Instant.ofEpochMilli(now.get()).plus(expiresIn), token);
    }

    @Test
    void aTokenThatPassedIsKnownAgainUntilTheTimeToLive() {
        AuthenticatedUser user = user("t1", Duration.ofHours(1));
        tokens.add("t1", user);
        now.addAndGet(60_000);
        assertThat(tokens.find("t1")).isSameAs(user);
        now.addAndGet(1);
        assertThat(tokens.find("t1")).as("checked in full again after the time to live").isNull();
    }

    @Test
    void aKnownTokenIsNeverAnsweredPastItsExpiryAndTheClockSkew() {
        tokens.add("t1", user("t1", Duration.ofSeconds(10)));
        now.addAndGet(40_000); // expiry + skew: the full check still accepts it
        assertThat(tokens.find("t1")).isNotNull();
        now.addAndGet(1);
        assertThat(tokens.find("t1")).as("expired: the full check refuses it with token_expired").isNull();
    }

    @Test
    void anUnknownTokenIsNotFoundAndTheTableStaysBounded() {
        assertThat(tokens.find("never-checked")).isNull();
        for (int i = 0; i < 10; i++) {
            tokens.add("t" + i, user("t" + i, Duration.ofHours(1)));
            assertThat(tokens.size()).isLessThanOrEqualTo(3);
        }
        assertThat(tokens.find("t9")).isNotNull();
    }

    @Test
    void theTableIsBoundedByTheCharactersOfItsTokensToo() {
        ValidatedTokens small = new ValidatedTokens(Duration.ofSeconds(60), Duration.ofSeconds(30), 1_000, 2_500, now::get);
        for (int i = 0; i < 10; i++) {
            String token = i + "x".repeat(999);
            small.add(token, user(token, Duration.ofHours(1)));
            assertThat(small.chars()).isLessThanOrEqualTo(2_500);
        }
        String last = 9 + "x".repeat(999);
        assertThat(small.find(last)).isNotNull();
        assertThat(small.size()).isLessThanOrEqualTo(2);
    }
}
