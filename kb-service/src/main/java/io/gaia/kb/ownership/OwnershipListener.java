package io.gaia.kb.ownership;

/**
 * Told when this instance starts and stops owning an experience. Calls come one at a time, in order
 * ({@code acquired} before {@code released} for the same experience), while the ownership state is
 * locked: return quickly and hand slow work (opening an engine) to another thread.
 */
public interface OwnershipListener {

    /**
     * This instance now owns {@code experience}.
     *
     * @param leaseRevision the KV revision that created the lease: it grows with every new lease of the
     *                      experience, so it fences the writes of any earlier owner
     */
    void acquired(String experience, long leaseRevision);

    /**
     * This instance must stop serving {@code experience} now: it handed the lease on, lost it, or could
     * not renew it in time. Called before the lease can expire on the server.
     */
    void released(String experience);

    /** A listener that does nothing, for an instance nobody has wired yet. */
    OwnershipListener NONE = new OwnershipListener() {
        @Override
        public void acquired(String experience, long leaseRevision) {
        }

        @Override
        public void released(String experience) {
        }
    };
}
