package io.gaia.events.kb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /experiences/{id}/commands}: every command of the experience by name, as a JSON Schema. */
public record CommandsSchema(String experience, Map<String, CommandSchema> commands) {

    public CommandsSchema {
        commands = commands == null ? Map.of() : commands;
    }

    /** The commands a player may run (admin {@code @} lines left out), in order. */
    public List<CommandSchema> playerCommands() {
        List<CommandSchema> out = new ArrayList<>();
        commands.forEach((name, schema) -> {
            if (!name.startsWith("@") && !schema.admin()) {
                out.add(schema);
            }
        });
        return out;
    }
}
