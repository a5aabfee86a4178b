package io.gaia.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which version counter a delta's {@code base_version}/{@code snapshot_version} belong to.
 * A client keeps one counter per scope: the shared world of the experience, and its own player
 * state. Another player's private changes never touch either of them, so they never look like a gap.
 */
public enum VersionScope {
    WORLD, PLAYER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static VersionScope fromWire(String value) {
        for (VersionScope scope : values()) {
            if (scope.wireName().equals(value)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("scope must be world or player (was '" + value + "')");
    }
}
