package io.gaia.chat.intent;

import io.gaia.events.kb.CommandSchema;
import java.util.List;
import java.util.Locale;

/**
 * A command the experience's content names with phrases (its page's {@code aliases}) and that needs no
 * parameter, such as Wylding Woods' {@code knock} ("knock on the fairy door"). A message that is one of
 * its phrases, or starts with one, runs it.
 */
public record Verb(String command, List<String> phrases) {

    /** The verbs of a commands schema: player commands with phrases and no required parameter. */
    public static List<Verb> of(List<CommandSchema> commands) {
        return commands.stream()
                .filter(c -> !c.admin() && c.required().isEmpty() && c.aliases() != null && !c.aliases().isEmpty())
                .map(c -> new Verb(c.title(), c.aliases().stream().map(a -> a.toLowerCase(Locale.ROOT).strip())
                        .filter(a -> !a.isEmpty()).toList()))
                .toList();
    }
}
