package io.gaia.kb.command;

/** A command's name, what it does, who may run it, and its parameters. */
public record CommandSpec(String name, String description, boolean admin, ParamSpec params) {

    public static CommandSpec player(String name, String description, Param... params) {
        return new CommandSpec(name, description, false, ParamSpec.of(params));
    }

    public static CommandSpec admin(String name, String description, Param... params) {
        return new CommandSpec(name, description, true, ParamSpec.of(params));
    }
}
