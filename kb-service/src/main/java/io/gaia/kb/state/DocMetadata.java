package io.gaia.kb.state;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Bookkeeping of a state document: its server-owned version, which only ever grows; and in a shared
 * world, each zone's own version (the chain clients in that zone hold), which only ever grows too.
 */
public final class DocMetadata {

    @JsonProperty("_version")
    public long version;
    @JsonProperty("_updated_at")
    public long updatedAt;
    /** Zone id to that zone's version; a zone not listed is at 0. Null until a zone first changes. */
    @JsonProperty("_zone_versions")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    public java.util.Map<String, Long> zoneVersions;

    /**
     * A shared world's: the interest scope ({@code zone} or {@code area}) its chains in
     * {@link #zoneVersions} are named by; null in a state written before it was recorded (= {@code zone}).
     */
    @JsonProperty("_interest")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public String interest;

    public long zoneVersion(String zone) {
        Long version = zoneVersions == null || zone == null ? null : zoneVersions.get(zone);
        return version == null ? 0 : version;
    }

    /** Moves {@code zone} one version on; returns the version it was at. */
    public long bumpZone(String zone) {
        if (zoneVersions == null) {
            zoneVersions = new java.util.TreeMap<>();
        }
        long base = zoneVersion(zone);
        zoneVersions.put(zone, base + 1);
        return base;
    }
}
