package io.gaia.events.socket;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.gaia.events.VersionScope;

/**
 * The two version counters a client holds: {@code world} and {@code player} (see {@link VersionScope}).
 * A null counter is unknown.
 */
public record Versions(Long world, Long player) {

    public static final Versions UNKNOWN = new Versions(null, null);

    public Long of(VersionScope scope) {
        return scope == VersionScope.WORLD ? world : player;
    }

    public Versions with(VersionScope scope, Long version) {
        return scope == VersionScope.WORLD ? new Versions(version, player) : new Versions(world, version);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return world == null && player == null;
    }
}
