package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer of every destructive admin command sent without {@code CONFIRM}: a refusal with code
 * {@code confirmation_required}, {@code metadata.requires_confirmation: true},
 * {@code metadata.confirm_with} (the exact line to send) and {@code metadata.preview} (what would change).
 */
final class Confirmation {

    private Confirmation() {
    }

    static GameError required(String message, String confirmWith, Map<String, Object> preview) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("requires_confirmation", true);
        metadata.put("confirm_with", confirmWith);
        metadata.put("preview", preview);
        return new GameError(ErrorCodes.CONFIRMATION_REQUIRED, message, metadata);
    }
}
