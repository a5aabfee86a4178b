package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.events.ErrorCodes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command's published JSON Schema against its real validation: what the schema allows passes,
 * and each thing the schema forbids (missing required, wrong type, too long, pattern, range, enum)
 * is refused with the documented code.
 */
class SchemasMatchValidationTest {

    static List<CommandRegistry.Entry> commands() {
        return List.copyOf(CommandRegistry.standard().all());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void aValueTheSchemaAllowsPassesValidation(CommandRegistry.Entry entry) {
        Map<String, Object> valid = validSample(schema(entry));
        assertThat(entry.spec().params().validate(valid).values()).containsOnlyKeys(valid.keySet());
        Map<String, Object> withExtra = new HashMap<>(valid);
        withExtra.put("unknown_field", "ignored");
        entry.spec().params().validate(withExtra);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    @SuppressWarnings("unchecked")
    void everyConstraintInTheSchemaIsEnforced(CommandRegistry.Entry entry) {
        Map<String, Object> schema = schema(entry);
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        List<String> required = (List<String>) schema.get("required");
        Map<String, Object> valid = validSample(schema);
        for (String name : required) {
            Map<String, Object> missing = new HashMap<>(valid);
            missing.remove(name);
            refused(entry, missing, ErrorCodes.MISSING_FIELD);
        }
        properties.forEach((name, raw) -> {
            Map<String, Object> property = (Map<String, Object>) raw;
            refused(entry, with(valid, name, property.get("type").equals("string") ? 12345 : "text"), ErrorCodes.INVALID_FIELD);
            if (property.containsKey("maxLength")) {
                int max = (Integer) property.get("maxLength");
                refused(entry, with(valid, name, "a".repeat(max + 1)), ErrorCodes.INVALID_FIELD);
                refused(entry, with(valid, name, ""), ErrorCodes.INVALID_FIELD);
            }
            if (property.containsKey("pattern")) {
                assertThat(Pattern.matches((String) property.get("pattern"), "../Etc")).isFalse();
                refused(entry, with(valid, name, "../Etc"), ErrorCodes.INVALID_FIELD);
            }
            if (property.containsKey("minimum")) {
                refused(entry, with(valid, name, (Double) property.get("minimum") - 0.001), ErrorCodes.INVALID_FIELD);
                refused(entry, with(valid, name, (Double) property.get("maximum") + 0.001), ErrorCodes.INVALID_FIELD);
            }
            if (property.containsKey("enum")) {
                refused(entry, with(valid, name, "not-in-the-enum"), ErrorCodes.INVALID_FIELD);
            }
        });
    }

    /** A value for every declared property, built from the schema alone. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> validSample(Map<String, Object> schema) {
        Map<String, Object> sample = new HashMap<>();
        ((Map<String, Object>) schema.get("properties")).forEach((name, raw) -> {
            Map<String, Object> property = (Map<String, Object>) raw;
            if (property.get("type").equals("number")) {
                sample.put(name, ((Double) property.get("minimum") + (Double) property.get("maximum")) / 2);
            } else if (property.containsKey("enum")) {
                sample.put(name, ((List<String>) property.get("enum")).get(0));
            } else if (property.containsKey("pattern") && ((String) property.get("pattern")).contains("}/[")) {
                sample.put(name, "woander_store/main_room/counter"); // a spot: zone/area/spot
            } else if (property.containsKey("pattern") && ((String) property.get("pattern")).contains("state")) {
                sample.put(name, "description");
            } else {
                sample.put(name, "bottle_joy");
            }
        });
        return sample;
    }

    private static Map<String, Object> with(Map<String, Object> valid, String name, Object value) {
        Map<String, Object> copy = new HashMap<>(valid);
        copy.put(name, value);
        return copy;
    }

    private static void refused(CommandRegistry.Entry entry, Map<String, Object> params, String code) {
        assertThatThrownBy(() -> entry.spec().params().validate(params)).as("%s %s", entry.spec().name(), params)
                .isInstanceOfSatisfying(GameError.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** The command's schema as the JSON object clients read. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> schema(CommandRegistry.Entry entry) {
        return io.gaia.events.GaiaJson.create().mapper().convertValue(entry.spec().schema(null, null), Map.class);
    }
}
