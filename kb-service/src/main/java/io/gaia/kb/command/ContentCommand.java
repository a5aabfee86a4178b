package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.experience.AuthoredCommand;
import io.gaia.kb.experience.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command defined by an experience's page ({@code game-logic/<name>.md}) rather than in Java. It runs
 * on the writer like every command, in the same transaction: its parameters are bound to what is here,
 * its requirements are checked in order (the first that fails is the answer, code
 * {@code precondition_failed}), the first outcome whose conditions hold is chosen, and its effects are
 * checked whole and then applied ({@link ContentEffects}). A prose-only page answers
 * {@code needs_language_model}: nothing is guessed.
 */
final class ContentCommand implements Command {

    private final AuthoredCommand authored;

    private ContentCommand(AuthoredCommand authored) {
        this.authored = authored;
    }

    /** The page this command runs (as it was when the action was read). */
    AuthoredCommand authored() {
        return authored;
    }

    /** The command of a page, with the spec its params declare (so the schema and the validation match). */
    static CommandRegistry.Entry entry(AuthoredCommand authored) {
        List<Param> params = new ArrayList<>();
        if (authored.structured()) {
            for (AuthoredCommand.Parameter p : authored.rules().params()) {
                params.add(p.kind() == AuthoredCommand.Parameter.Kind.TEXT
                        ? new Param(p.name(), Param.Type.STRING, p.required(), p.description(),
                                AuthoredCommand.Parameter.Kind.MAX_TEXT, null, null, null, null)
                        : p.required() ? Param.id(p.name(), p.description()) : Param.optionalId(p.name(), p.description()));
            }
        }
        CommandSpec spec = new CommandSpec(authored.name(), authored.description(), false,
                new ParamSpec(List.copyOf(params)));
        return new CommandRegistry.Entry(spec, new ContentCommand(authored));
    }

    @Override
    public CommandResult execute(CommandContext given) {
        CommandContext context = given;
        // the page may have been edited since the action was read: the job runs the page its content has now
        AuthoredCommand authored = context.tx().content().command(this.authored.name()).orElseThrow(() ->
                new GameError(ErrorCodes.COMMAND_UNAVAILABLE, "'" + this.authored.name()
                        + "' is unavailable: its page changed and is not in this experience now"));
        if (authored != this.authored) {
            Params params = entry(authored).spec().params().validate(context.params().values());
            context = new CommandContext(context.tx(), params, context.admin());
        }
        if (!authored.structured()) {
            throw new GameError(ErrorCodes.NEEDS_LANGUAGE_MODEL, "'" + authored.name() + "' is written for a "
                    + "language model to interpret, and none is configured here; nothing was changed.");
        }
        AuthoredCommand.Rules rules = authored.rules();
        ContentBindings bindings = ContentBindings.bind(context.tx(), rules, context.params());
        for (AuthoredCommand.Requirement requirement : rules.requires()) {
            if (!ContentConditions.holds(context.tx(), requirement.condition(), bindings)) {
                throw notPossible(context, bindings.fill(requirement.otherwise()));
            }
        }
        CommandContext checked = context;
        AuthoredCommand.Outcome outcome = rules.outcomes().stream()
                .filter(o -> allHold(checked, o.when(), bindings)).findFirst()
                .orElseThrow(() -> notPossible(checked, bindings.fill(rules.otherwise())));
        ContentEffects.Applied applied = ContentEffects.plan(context.tx(), outcome.effects(), bindings).apply();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("outcome", rules.outcomes().indexOf(outcome));
        if (!applied.speech().isEmpty()) {
            metadata.put("npc_speech", applied.speech());
        }
        if (!applied.items().isEmpty()) {
            metadata.put("items", applied.items().stream().distinct().toList());
        }
        QuestReport.add(metadata, applied.quests());
        // the outcome's message, then what NPCs said, as a client that shows only the message would tell it
        List<String> parts = new ArrayList<>();
        if (outcome.message() != null) {
            parts.add(bindings.fill(outcome.message()));
        }
        applied.speech().forEach(line -> parts.add(line.get("name") + ": \"" + line.get("text") + "\""));
        String message = String.join(" ", parts);
        String itemId = applied.items().isEmpty() ? null : applied.items().get(0);
        return new CommandResult(QuestReport.messages(message, applied.quests()), metadata, itemId);
    }

    /** {@code precondition_failed} with the author's reason and what the engine knows would work here instead. */
    private static GameError notPossible(CommandContext context, String reason) {
        return new GameError(ErrorCodes.PRECONDITION_FAILED, reason,
                Map.of("available_actions", AvailableActions.of(context.tx())));
    }

    private static boolean allHold(CommandContext context, List<Condition> conditions, ContentBindings bindings) {
        return conditions.stream().allMatch(c -> ContentConditions.holds(context.tx(), c, bindings));
    }
}
