package io.gaia.events.kb;

import java.util.List;

/**
 * {@code GET /experiences}: every experience kb-service knows; a loaded one with its summary, a
 * refused one with the content {@code errors} that keep it from loading.
 */
public record ExperienceList(List<Entry> experiences) {

    public record Entry(String id, boolean loaded, String name, String description, String version,
                        String stateModel, List<String> errors) {
    }

    public ExperienceList {
        experiences = experiences == null ? List.of() : experiences;
    }
}
