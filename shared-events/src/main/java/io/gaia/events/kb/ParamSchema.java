package io.gaia.events.kb;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The JSON Schema of one command parameter (JSON Schema's own camelCase names). */
public record ParamSchema(String type, String description,
                          @JsonProperty("minLength") Integer minLength,
                          @JsonProperty("maxLength") Integer maxLength,
                          String pattern, Double minimum, Double maximum,
                          @JsonProperty("enum") List<String> allowed) {
}
