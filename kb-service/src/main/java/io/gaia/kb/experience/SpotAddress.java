package io.gaia.kb.experience;

/** A spot written {@code zone/area/spot} in content. */
public record SpotAddress(String zone, String area, String spot) {

    static SpotAddress parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 3) {
            return null;
        }
        for (String part : parts) {
            if (!ContentIds.isValid(part)) {
                return null;
            }
        }
        return new SpotAddress(parts[0], parts[1], parts[2]);
    }

    @Override
    public String toString() {
        return zone + "/" + area + "/" + spot;
    }
}
