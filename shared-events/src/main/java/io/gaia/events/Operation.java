package io.gaia.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a {@link Change} does to the thing at its path. */
public enum Operation {
    ADD, REMOVE, UPDATE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static Operation fromWire(String value) {
        for (Operation op : values()) {
            if (op.wireName().equals(value)) {
                return op;
            }
        }
        throw new IllegalArgumentException("operation must be one of add, remove, update (was '" + value + "')");
    }
}
