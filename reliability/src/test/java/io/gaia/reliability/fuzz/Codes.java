package io.gaia.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ErrorCodes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

/** The documented error codes ({@link ErrorCodes}), for asserting that an error names one of them. */
public final class Codes {

    public static final Set<String> DOCUMENTED = documented();

    private Codes() {
    }

    public static void assertDocumented(String code) {
        assertThat(DOCUMENTED).contains(code);
        assertThat(code).isNotEqualTo(ErrorCodes.INTERNAL_ERROR);
    }

    private static Set<String> documented() {
        Set<String> codes = new HashSet<>();
        for (Field field : ErrorCodes.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    field.setAccessible(true);
                    codes.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(codes);
    }
}
