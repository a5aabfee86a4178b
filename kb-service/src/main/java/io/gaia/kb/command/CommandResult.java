package io.gaia.kb.command;

import java.util.Map;

/** A command's success: a message for the player, metadata for the client, and the item it concerned. */
public record CommandResult(String message, Map<String, Object> metadata, String itemId) {

    public static CommandResult of(String message) {
        return new CommandResult(message, Map.of(), null);
    }

    public static CommandResult of(String message, Map<String, Object> metadata) {
        return new CommandResult(message, metadata, null);
    }
}
