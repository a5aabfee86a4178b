package io.gaia.kb.command;

import java.util.Map;

/** Validated parameters of one command. */
public record Params(Map<String, Object> values) {

    public static final Params NONE = new Params(Map.of());

    public String text(String name) {
        return (String) values.get(name);
    }

    public double number(String name) {
        return (Double) values.get(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }
}
