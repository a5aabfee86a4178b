package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A command's parameters: its JSON Schema and the validation that matches it exactly. */
public record ParamSpec(List<Param> params) {

    public static ParamSpec of(Param... params) {
        return new ParamSpec(List.of(params));
    }

    /** JSON Schema (draft 2020-12) of the command's {@code params}. Unknown fields are allowed and ignored. */
    public Map<String, Object> schema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Param p : params) {
            Map<String, Object> property = new LinkedHashMap<>();
            property.put("type", p.type().json);
            property.put("description", p.description());
            if (p.maxLength() != null) {
                property.put("minLength", 1);
                property.put("maxLength", p.maxLength());
            }
            if (p.pattern() != null) {
                property.put("pattern", p.pattern());
            }
            if (p.minimum() != null) {
                property.put("minimum", p.minimum());
            }
            if (p.maximum() != null) {
                property.put("maximum", p.maximum());
            }
            if (p.allowed() != null) {
                property.put("enum", p.allowed());
            }
            properties.put(p.name(), property);
            if (p.required()) {
                required.add(p.name());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        schema.put("additionalProperties", true);
        return schema;
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
