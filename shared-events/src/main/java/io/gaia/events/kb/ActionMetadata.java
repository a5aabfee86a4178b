package io.gaia.events.kb;

import io.gaia.events.CodecException;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import java.util.Map;
import tools.jackson.core.JacksonException;

/**
 * The fields of an {@code action_response}'s {@code metadata} that GAIA itself reads, by name, and
 * the one place that reads them as records (see {@link io.gaia.events.ActionResponse#versions()} and
 * its siblings). The rest of the metadata is the command's own and travels to the client untouched.
 */
public final class ActionMetadata {

    /** {@code {world, player}}: the caller's versions after the action. */
    public static final String VERSIONS = "versions";
    /** The history the versions belong to. */
    public static final String EPOCH = "epoch";
    /** The zone whose version chain {@code versions.world} belongs to (a shared world only). */
    public static final String ZONE = "zone";
    /** {@link HookResult}: the quests the action advanced. */
    public static final String HOOK_RESULT = "hook_result";
    /** The first {@link QuestUpdate} of the action (also inside {@code hook_result}). */
    public static final String QUEST_UPDATE = "quest_update";
    /** The first {@link QuestUpdate} that completed its quest. */
    public static final String QUEST_COMPLETE = "quest_complete";
    /** {@link AreaOfInterest}: the new snapshot after {@code update_location}. */
    public static final String AREA_OF_INTEREST = "area_of_interest";

    private static final GaiaJson JSON = GaiaJson.withMaxBytes(GaiaJson.DEFAULT_MAX_DOCUMENT_BYTES);

    private ActionMetadata() {
    }

    /**
     * {@code metadata.<field>} as a {@code type}: the value itself when kb-service put the record there,
     * else the JSON map read back into one; {@code null} when absent. A value of the wrong shape is an
     * {@code invalid_field} {@link CodecException} naming the field.
     */
    public static <T> T read(Map<String, Object> metadata, String field, Class<T> type) {
        Object value = metadata.get(field);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        try {
            return JSON.mapper().convertValue(value, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new CodecException(ErrorCodes.INVALID_FIELD, "metadata." + field,
                    "field 'metadata." + field + "' has the wrong shape", e);
        }
    }
}
