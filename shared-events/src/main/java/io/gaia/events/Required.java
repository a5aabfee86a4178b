package io.gaia.events;

/** Field checks for message records (here and in {@code io.gaia.events.kb}): each failure names the wire field that is missing. */
public final class Required {

    private Required() {
    }

    public static void present(Object value, String field) {
        if (value == null) {
            throw new MissingFieldException(field);
        }
    }

    public static void text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new MissingFieldException(field);
        }
    }

    /** Thrown from record constructors; the codec turns it into a {@link CodecException} naming the field. */
    static final class MissingFieldException extends IllegalArgumentException {
        private final String field;

        MissingFieldException(String field) {
            super("missing required field '" + field + "'");
            this.field = field;
        }

        String field() {
            return field;
        }
    }
}
