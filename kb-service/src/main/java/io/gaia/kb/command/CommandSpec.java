package io.gaia.kb.command;

import io.gaia.events.kb.CommandSchema;
import java.util.List;

/** A command's name, what it does, who may run it, and its parameters. */
public record CommandSpec(String name, String description, boolean admin, ParamSpec params) {

    public static CommandSpec player(String name, String description, Param... params) {
        return new CommandSpec(name, description, false, ParamSpec.of(params));
    }

    public static CommandSpec admin(String name, String description, Param... params) {
        return new CommandSpec(name, description, true, ParamSpec.of(params));
    }

    /**
     * The command as a JSON Schema (draft 2020-12) of its params; unknown fields are allowed and ignored.
     * {@code description} and {@code aliases} come from the experience's game-logic document when it has one.
     */
    public CommandSchema schema(String description, List<String> aliases) {
        return new CommandSchema(CommandSchema.DRAFT, "object", params.properties(), params.required(), true, name,
                description, aliases, admin);
    }
}
