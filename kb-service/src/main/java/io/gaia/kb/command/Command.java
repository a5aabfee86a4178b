package io.gaia.kb.command;

/**
 * A game command: one class, one public method. It runs on the experience's writer thread,
 * checks everything first and throws {@link GameError} before changing anything; then changes state
 * only through the {@link io.gaia.kb.world.Tx}, which records the deltas.
 */
@FunctionalInterface
public interface Command {

    CommandResult execute(CommandContext context);
}
