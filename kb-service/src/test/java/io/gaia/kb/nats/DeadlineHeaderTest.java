package io.gaia.kb.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.events.ErrorCodes;
import io.gaia.events.kb.KbHeaders;
import io.gaia.kb.world.Deadline;
import io.gaia.support.web.GaiaException;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

class DeadlineHeaderTest {

    private static Deadline read(String value, long now) {
        Headers headers = new Headers();
        if (value != null) {
            headers.put(KbHeaders.DEADLINE, value);
        }
        return KbRequests.deadline(headers, now);
    }

    @Test
    void aRequestWithoutTheHeaderHasNoDeadline() {
        assertThat(read(null, 0)).isEqualTo(Deadline.NONE);
        assertThat(KbRequests.deadline(null, 0)).isEqualTo(Deadline.NONE);
        assertThat(Deadline.NONE.passed(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void theDeadlineIsThatManyMillisecondsAfterTheRequestArrived() {
        Deadline deadline = read("1500", 1_000_000_000L);

        assertThat(deadline.passed(1_000_000_000L + 1_499_000_000L)).isFalse();
        assertThat(deadline.passed(1_000_000_000L + 1_500_000_000L)).isTrue();
        assertThat(read("600000", 0).passed(599_999_000_000L)).isFalse();
    }

    @Test
    void anythingButWholeMillisecondsFromOneToTenMinutesIsRefusedAsAnInvalidField() {
        for (String bad : new String[] {"", "0", "-5", "1.5", "abc", "600001", "99999999999", " 100", "1e3"}) {
            assertThatThrownBy(() -> read(bad, 0)).as("'%s'", bad).isInstanceOfSatisfying(GaiaException.class,
                    e -> {
                        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_FIELD);
                        assertThat(e.getMessage()).contains(KbHeaders.DEADLINE);
                    });
        }
    }
}
