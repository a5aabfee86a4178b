package io.gaia.session.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseStatusesTest {

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aShortReasonIsKeptWhole() {
        assertThat(CloseStatuses.fit("slow consumer")).isEqualTo("slow consumer");
        assertThat(CloseStatuses.fit(null)).isEmpty();
    }

    @Test
    void aLongReasonIsCutTo123BytesWithoutSplittingACharacter() {
        for (String unit : new String[] {"a", "Ж", "€", "😀", "aЖ€😀"}) {
            String fitted = CloseStatuses.fit(unit.repeat(200));
            assertThat(utf8(fitted)).as(unit).isLessThanOrEqualTo(123).isGreaterThan(119);
            assertThat(unit.repeat(200)).startsWith(fitted);
            // no half character: re-encoding gives back the same text
            assertThat(new String(fitted.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(fitted);
        }
    }

    @Test
    void theStatusCarriesTheCodeAndTheFittedReason() {
        var status = CloseStatuses.of(4429, "x".repeat(500));
        assertThat(status.getCode()).isEqualTo(4429);
        assertThat(status.getReason()).hasSize(123);
    }
}
