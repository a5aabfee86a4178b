package io.gaia.kb.experience;

import java.util.List;

/**
 * {@code game-logic/*.md}: a markdown page documenting one command for authors and players. Its
 * front matter ({@code command}, {@code aliases}, {@code description}) also feeds the
 * natural-language endpoint (aliases) and the commands schema (description).
 */
public record GameLogicDoc(String file, String command, List<String> aliases, String description, String body) {
}
