package io.gaia.kb.command;

import io.gaia.kb.world.Tx;

/** What a command runs with: the transaction on its experience, its validated params, and whether the caller is an admin. */
public record CommandContext(Tx tx, Params params, boolean admin) {
}
