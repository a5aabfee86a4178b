package io.gaia.kb.experience;

import java.util.List;

/**
 * What a language model answered for a command written as prose (the logic pass): whether the command
 * succeeds, a short outcome message, and the effects, in the same vocabulary as a page's rules block
 * (docs/experiences.md, "Language-model interpretation"). Checked on read like a page; then the engine
 * checks it against the live state before applying any of it.
 */
public record ModelPatch(boolean success, String message, List<Effect> effects) {
}
