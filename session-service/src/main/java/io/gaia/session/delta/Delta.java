package io.gaia.session.delta;

import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;

/** A delta as received (parsed once) together with the exact bytes sent to clients. */
public record Delta(WorldUpdateEvent event, byte[] json) {

    /** True when the delta carries a scope and both versions, so it can be ordered and checked for gaps. */
    public boolean sequenced() {
        return event.scope() != null && event.baseVersion() != null && event.snapshotVersion() != null;
    }

    public VersionScope scope() {
        return event.scope();
    }

    public long base() {
        return event.baseVersion();
    }

    public long snapshot() {
        return event.snapshotVersion();
    }
}
