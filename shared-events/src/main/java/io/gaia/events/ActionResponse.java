package io.gaia.events;

import io.gaia.events.kb.ActionMetadata;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.events.kb.HookResult;
import io.gaia.events.kb.QuestUpdate;
import io.gaia.events.socket.Versions;
import java.util.List;
import java.util.Map;

/**
 * kb-service's answer to an {@link ActionRequest}. On failure {@code code} is one of
 * {@link ErrorCodes}. {@code events} are the deltas this action published (in order), so a caller
 * can deliver them ahead of this response even when NATS is slow or down.
 *
 * <p>{@code metadata} stays an open object on the wire (Unity clients read {@code metadata.versions},
 * {@code metadata.hook_result.quest_updates}, {@code metadata.area_of_interest}); the fields GAIA
 * itself reads are read here, once, as records ({@link #versions()}, {@link #epoch()},
 * {@link #questUpdates()}, {@link #areaOfInterest()}); their names are {@link ActionMetadata}'s.
 */
public record ActionResponse(
        String action,
        boolean success,
        String message,
        String code,
        Map<String, Object> metadata,
        String itemId,
        Long timestamp,
        List<WorldUpdateEvent> events) {

    public ActionResponse {
        Required.text(action, "action");
        Required.present(message, "message");
        metadata = metadata == null ? Map.of() : metadata;
        events = events == null ? List.of() : List.copyOf(events);
    }

    public static ActionResponse ok(String action, String message, Map<String, Object> metadata, String itemId,
                                    long timestamp, List<WorldUpdateEvent> events) {
        return new ActionResponse(action, true, message, null, metadata, itemId, timestamp, events);
    }

    public static ActionResponse failed(String action, String code, String message, long timestamp) {
        return new ActionResponse(action, false, message, code, Map.of(), null, timestamp, List.of());
    }

    /** The caller's versions after the action ({@code metadata.versions}); {@link Versions#UNKNOWN} when absent. */
    public Versions versions() {
        Versions versions = ActionMetadata.read(metadata, ActionMetadata.VERSIONS, Versions.class);
        return versions == null ? Versions.UNKNOWN : versions;
    }

    /** The history {@link #versions()} belong to ({@code metadata.epoch}), or null. */
    public String epoch() {
        return metadata.get(ActionMetadata.EPOCH) instanceof String epoch ? epoch : null;
    }

    /** The zone whose chain {@code versions.world} is ({@code metadata.zone}), or null (a private world). */
    public String zone() {
        return metadata.get(ActionMetadata.ZONE) instanceof String zone ? zone : null;
    }

    /** {@code metadata.hook_result}, or null when the action advanced no quest. */
    public HookResult hookResult() {
        return ActionMetadata.read(metadata, ActionMetadata.HOOK_RESULT, HookResult.class);
    }

    /** Every quest the action advanced, in order ({@code hook_result.all_quest_updates}, else {@code quest_updates}). */
    public List<QuestUpdate> questUpdates() {
        HookResult hook = hookResult();
        return hook == null ? List.of() : hook.all();
    }

    /** The new snapshot an {@code update_location} answers with ({@code metadata.area_of_interest}), or null. */
    public AreaOfInterest areaOfInterest() {
        return ActionMetadata.read(metadata, ActionMetadata.AREA_OF_INTEREST, AreaOfInterest.class);
    }
}
