package io.gaia.kb.experience;

/**
 * How far a shared world's changes reach ({@code state.interest} of config.json): to the players in
 * the same zone ({@code zone}, the default), or only to those in the same area of it ({@code area}).
 * Each zone, or each area, then has its own version chain ({@link io.gaia.events.ZoneChain}).
 */
public enum Interest {
    ZONE, AREA;

    public String wireName() {
        return name().toLowerCase();
    }
}
