package io.gaia.kb.experience;

import java.util.List;

/** Content that failed validation; every error names the file and the field. */
public class InvalidExperienceException extends RuntimeException {

    private final List<String> errors;

    public InvalidExperienceException(String experienceId, List<String> errors) {
        super("experience '" + experienceId + "' is invalid: " + String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
