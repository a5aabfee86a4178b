package io.gaia.events.kb;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One command as a JSON Schema (draft 2020-12) of its {@code params}, with its {@code title} (the
 * command name), a {@code description}, the phrases players use for it ({@code x-aliases}, absent
 * when the experience has no game-logic document for it) and whether it needs an admin token
 * ({@code x-admin}). Names are JSON Schema's, not snake_case.
 */
public record CommandSchema(@JsonProperty("$schema") String schema, String type,
                            Map<String, ParamSchema> properties, List<String> required,
                            @JsonProperty("additionalProperties") Boolean additionalProperties,
                            String title, String description,
                            @JsonProperty("x-aliases") List<String> aliases,
                            @JsonProperty("x-admin") boolean admin) {

    public static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";

    public CommandSchema {
        properties = properties == null ? Map.of() : properties;
        required = required == null ? List.of() : required;
    }
}
