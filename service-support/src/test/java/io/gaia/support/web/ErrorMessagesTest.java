package io.gaia.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What reaches a client in an error body names no Java class and no server path. */
class ErrorMessagesTest {

    @Test
    void qualifiedClassNamesBecomeSimpleNames() {
        assertThat(ErrorResponses.safeMessage("Cannot deserialize value of type `java.lang.String` from Number"))
                .isEqualTo("Cannot deserialize value of type `String` from Number");
        assertThat(ErrorResponses.safeMessage("Cannot construct instance of `io.gaia.events.ActionRequest$Builder`"))
                .isEqualTo("Cannot construct instance of `ActionRequest`");
    }

    @Test
    void libraryHintsAreDropped() {
        assertThat(ErrorResponses.safeMessage("Cannot coerce Integer value (5) to `java.lang.String` value "
                + "(but could if coercion was enabled using `CoercionConfig`)"))
                .isEqualTo("Cannot coerce Integer value (5) to `String` value")
                .doesNotContain("CoercionConfig");
    }

    @Test
    void serverPathsAreHiddenButApiPathsStay() {
        assertThat(ErrorResponses.safeMessage("cannot read /var/lib/gaia/state/wylding-woods/world.json"))
                .isEqualTo("cannot read <path>");
        assertThat(ErrorResponses.safeMessage("backup at /home/gaia/.gaia/state/backups/x")).isEqualTo("backup at <path>");
        assertThat(ErrorResponses.safeMessage("use POST /chat/unified")).isEqualTo("use POST /chat/unified");
    }

    @Test
    void plainMessagesAreUnchanged() {
        assertThat(ErrorResponses.safeMessage("field 'message' is required")).isEqualTo("field 'message' is required");
        assertThat(ErrorResponses.safeMessage("no bottle_joy here.")).isEqualTo("no bottle_joy here.");
        assertThat(ErrorResponses.safeMessage(null)).isNull();
    }
}
