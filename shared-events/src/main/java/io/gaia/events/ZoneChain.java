package io.gaia.events;

/**
 * The name of one version chain of a shared world: a zone's ({@code <zone>}), or, in an experience
 * whose content scopes interest by area ({@code state.interest: "area"}), one area's of a zone
 * ({@code <zone>/<area>}). Zone and area ids never hold a {@code /}, so the name reads back
 * unambiguously. It is what a {@code world_update}'s {@code zone}, an action's {@code metadata.zone},
 * a {@code resume}'s {@code zone} and a snapshot's {@code chain} carry, and the last token of the
 * chain's NATS subject ({@link Subjects#zoneUpdates}).
 */
public record ZoneChain(String zone, String area) {

    public static final char SEPARATOR = '/';

    public ZoneChain {
        Required.text(zone, "zone");
    }

    /** The chain a player standing in {@code zone}, {@code area} holds: the area's when {@code byArea}, else the zone's. */
    public static String of(String zone, String area, boolean byArea) {
        if (zone == null) {
            return null;
        }
        return byArea && area != null ? zone + SEPARATOR + area : zone;
    }

    /** The zone and (for an area's chain) area a chain name stands for. */
    public static ZoneChain parse(String name) {
        int at = name.indexOf(SEPARATOR);
        return at < 0 ? new ZoneChain(name, null) : new ZoneChain(name.substring(0, at), name.substring(at + 1));
    }

    /** True when {@code name} is an area's chain (the experience scopes interest by area). */
    public static boolean byArea(String name) {
        return name != null && name.indexOf(SEPARATOR) >= 0;
    }

    /** What a client may name as a chain ({@code resume}'s {@code zone}): a zone id, or a zone id, {@code /} and an area id. */
    public static boolean isName(String name) {
        if (name == null) {
            return false;
        }
        int at = name.indexOf(SEPARATOR);
        return at < 0 ? SubjectToken.isPlain(name)
                : SubjectToken.isPlain(name.substring(0, at)) && SubjectToken.isPlain(name.substring(at + 1));
    }

    /** The error text for a name {@link #isName} refuses. */
    public static final String NAME_RULE = "a zone id, or a zone id, '/' and an area id (each at most "
            + SubjectToken.MAX_ID_LENGTH + " characters of [A-Za-z0-9_-])";

    public String name() {
        return of(zone, area, true);
    }
}
