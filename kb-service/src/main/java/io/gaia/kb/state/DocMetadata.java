package io.gaia.kb.state;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Bookkeeping of a state document: its server-owned version, which only ever grows. */
public final class DocMetadata {

    @JsonProperty("_version")
    public long version;
    @JsonProperty("_updated_at")
    public long updatedAt;
}
