package io.gaia.kb.command;

import java.util.List;

/**
 * One parameter of a command: its JSON type and limits. The same declaration produces the JSON
 * Schema ({@link ParamSpec#properties()}) and the validation ({@link ParamSpec#validate}), so the two
 * cannot drift apart.
 */
public record Param(String name, Type type, boolean required, String description, Integer maxLength, String pattern,
                    Double minimum, Double maximum, List<String> allowed) {

    public enum Type {
        STRING("string"), NUMBER("number");

        final String json;

        Type(String json) {
            this.json = json;
        }
    }

    /** Longest free text a command accepts (e.g. an {@code @edit} value). */
    public static final int MAX_TEXT = 2000;

    public static Param id(String name, String description) {
        return new Param(name, Type.STRING, true, description, io.gaia.kb.experience.ContentIds.MAX_LENGTH,
                io.gaia.kb.experience.ContentIds.PATTERN, null, null, null);
    }

    public static Param optionalId(String name, String description) {
        return new Param(name, Type.STRING, false, description, io.gaia.kb.experience.ContentIds.MAX_LENGTH,
                io.gaia.kb.experience.ContentIds.PATTERN, null, null, null);
    }

    /** A spot written {@code zone/area/spot}. */
    public static Param spot(String name, boolean required, String description) {
        String id = io.gaia.kb.experience.ContentIds.PATTERN.substring(1, io.gaia.kb.experience.ContentIds.PATTERN.length() - 1);
        return new Param(name, Type.STRING, required, description, 3 * io.gaia.kb.experience.ContentIds.MAX_LENGTH + 2,
                "^" + id + "/" + id + "/" + id + "$", null, null, null);
    }

    public static Param text(String name, boolean required, String description) {
        return new Param(name, Type.STRING, required, description, MAX_TEXT, null, null, null, null);
    }

    public static Param oneOf(String name, boolean required, String description, String... values) {
        return new Param(name, Type.STRING, required, description, null, null, null, null, List.of(values));
    }

    public static Param number(String name, String description, double minimum, double maximum) {
        return new Param(name, Type.NUMBER, true, description, null, null, minimum, maximum, null);
    }
}
