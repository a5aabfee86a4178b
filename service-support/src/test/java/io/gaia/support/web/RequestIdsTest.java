package io.gaia.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.events.ErrorCodes;
import org.junit.jupiter.api.Test;

/** The one request-id rule: 1-128 characters of [A-Za-z0-9._:-]. */
class RequestIdsTest {

    @Test
    void idsOfTheAllowedCharactersUpToTheLimitPass() {
        assertThat(RequestIds.isSafe("m-1")).isTrue();
        assertThat(RequestIds.isSafe("3f2b6a1e-0c4d-4f8e-9a51-7d0e2b9c1a44")).isTrue();
        assertThat(RequestIds.isSafe("client:42.retry_2")).isTrue();
        assertThat(RequestIds.isSafe("r".repeat(RequestIds.MAX_LENGTH))).isTrue();
        assertThat(RequestIds.checked("m-1")).isEqualTo("m-1");
        assertThat(RequestIds.checked(null)).isNull();
    }

    @Test
    void lineBreaksSpacesOtherCharactersAndOverlongIdsAreRefused() {
        for (String bad : new String[] {"a\r\nINFO forged", "a\nb", "has space", "quote\"", "ünïcode", "tab\t",
                "", "r".repeat(RequestIds.MAX_LENGTH + 1), "x".repeat(60_000)}) {
            assertThat(RequestIds.isSafe(bad)).as(bad.length() > 40 ? bad.length() + " chars" : bad).isFalse();
            assertThatThrownBy(() -> RequestIds.checked(bad))
                    .isInstanceOfSatisfying(GaiaException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_FIELD);
                        assertThat(e.getMessage()).doesNotContain("forged").contains("128");
                    });
        }
    }
}
