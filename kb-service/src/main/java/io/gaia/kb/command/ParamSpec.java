package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.events.kb.ParamSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A command's parameters: their JSON Schema and the validation that matches it exactly. */
public record ParamSpec(List<Param> params) {

    public static ParamSpec of(Param... params) {
        return new ParamSpec(List.of(params));
    }

    /** Each parameter's JSON Schema, by name, in declaration order. */
    public Map<String, ParamSchema> properties() {
        Map<String, ParamSchema> properties = new LinkedHashMap<>();
        for (Param p : params) {
            properties.put(p.name(), new ParamSchema(p.type().json, p.description(), p.maxLength() == null ? null : 1,
                    p.maxLength(), p.pattern(), p.minimum(), p.maximum(), p.allowed()));
        }
        return properties;
    }

    /** The names of the required parameters, in declaration order. */
    public List<String> required() {
        return params.stream().filter(Param::required).map(Param::name).toList();
    }

    /** Checks raw params against the declaration: {@code missing_field} or {@code invalid_field} naming the field. */
    public Params validate(Map<String, Object> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : params) {
            Object value = raw == null ? null : raw.get(p.name());
            if (value == null) {
                if (p.required()) {
                    throw new GameError(ErrorCodes.MISSING_FIELD, "missing required field '" + p.name() + "'");
                }
                continue;
            }
            values.put(p.name(), p.type() == Param.Type.STRING ? checkString(p, value) : checkNumber(p, value));
        }
        return new Params(values);
    }

    private static String checkString(Param p, Object value) {
        if (!(value instanceof String s)) {
            throw invalid(p, "must be a string");
        }
        if (p.maxLength() != null && (s.isEmpty() || s.length() > p.maxLength())) {
            throw invalid(p, "must be 1 to " + p.maxLength() + " characters");
        }
        if (p.pattern() != null && !Pattern.matches(p.pattern(), s)) {
            throw invalid(p, "must match " + p.pattern());
        }
        if (p.allowed() != null && !p.allowed().contains(s)) {
            throw invalid(p, "must be one of " + p.allowed());
        }
        return s;
    }

    private static Double checkNumber(Param p, Object value) {
        if (!(value instanceof Number n)) {
            throw invalid(p, "must be a number");
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || (p.minimum() != null && d < p.minimum()) || (p.maximum() != null && d > p.maximum())) {
            throw invalid(p, "must be between " + p.minimum() + " and " + p.maximum());
        }
        return d;
    }

    private static GameError invalid(Param p, String why) {
        return new GameError(ErrorCodes.INVALID_FIELD, "field '" + p.name() + "' " + why);
    }
}
