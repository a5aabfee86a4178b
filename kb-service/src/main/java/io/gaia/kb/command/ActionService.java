package io.gaia.kb.command;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.events.kb.ActionMetadata;
import io.gaia.kb.experience.ContentIds;
import io.gaia.kb.experience.ExperienceCatalog;
import io.gaia.kb.world.Delta;
import io.gaia.kb.world.EngineRegistry;
import io.gaia.kb.world.ExperienceEngine;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.Versions;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.web.GaiaException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Runs an action for an authenticated user: finds the experience, reads the command and checks
 * its params and the caller's role (all before queueing), runs it on the experience's writer, and
 * answers with an {@link ActionResponse} carrying the published deltas and the caller's versions.
 */
public final class ActionService {

    /** Longest action string accepted (admin lines carry their arguments). */
    public static final int MAX_ACTION_LENGTH = 2_000;

    private final ExperienceCatalog catalog;
    private final EngineRegistry engines;
    private final CommandRegistry commands;
    private final ActionMetrics metrics;
    private final LongSupplier clock;
    private final io.gaia.kb.interpret.Interpreter interpreter;
    private final io.gaia.events.GaiaJson json = io.gaia.events.GaiaJson.create();

    public ActionService(ExperienceCatalog catalog, EngineRegistry engines, CommandRegistry commands,
                         ActionMetrics metrics, LongSupplier clock) {
        this(catalog, engines, commands, metrics, clock, null);
    }

    /** As above; with {@code interpreter} (null: none) prose-only commands and unknown phrases go to a language model. */
    public ActionService(ExperienceCatalog catalog, EngineRegistry engines, CommandRegistry commands,
                         ActionMetrics metrics, LongSupplier clock, io.gaia.kb.interpret.Interpreter interpreter) {
        this.catalog = catalog;
        this.engines = engines;
        this.commands = commands;
        this.metrics = metrics;
        this.clock = clock;
        this.interpreter = interpreter;
    }

    public CommandRegistry commands() {
        return commands;
    }

    /**
     * The engine of a servable experience, else {@code unknown_experience} (also for a malformed id,
     * which no experience can have) / {@code experience_unavailable}.
     */
    public ExperienceEngine engineFor(String experienceId) {
        loadedContent(experienceId);
        ExperienceEngine engine = engines.engine(experienceId).orElseThrow(() -> notOpenHere(experienceId));
        if (engine.failure() != null) {
            throw new GaiaException(engine.failureCode(), engine.failure());
        }
        return engine;
    }

    /**
     * No engine here: broken state ({@code experience_unavailable}), or, with ownership, the experience is
     * owned elsewhere (a request that arrived as it moved): {@code not_owner}, which callers retry.
     */
    private GaiaException notOpenHere(String experienceId) {
        String failure = engines.failures().get(experienceId);
        if (failure == null && !engines.opensOnLoad()) {
            return new GaiaException(ErrorCodes.NOT_OWNER, "experience '" + experienceId
                    + "' is not served by this kb-service instance (it moved); retry");
        }
        return new GaiaException(ErrorCodes.EXPERIENCE_UNAVAILABLE, "experience '" + experienceId
                + "' is unavailable: " + (failure != null ? failure : "starting"));
    }

    /**
     * Whether any instance can serve the experience: its content loaded and (if it was opened here) its
     * state did not fail to load. Not whether it is open here: with ownership another instance may own it,
     * and a fenced-out engine ({@code not_owner}) means the experience moved, not that it is broken.
     */
    public void requireServable(String experienceId) {
        loadedContent(experienceId);
        String failure = engines.failures().get(experienceId);
        boolean moved = engines.engine(experienceId).map(e -> ErrorCodes.NOT_OWNER.equals(e.failureCode()))
                .orElse(false);
        if (failure != null && !moved) {
            throw new GaiaException(ErrorCodes.EXPERIENCE_UNAVAILABLE, "experience '" + experienceId
                    + "' is unavailable: " + failure);
        }
    }

    /**
     * The content of an experience that loaded, whether or not its engine runs on this instance, else
     * {@code unknown_experience} / {@code experience_unavailable} (content errors).
     */
    public io.gaia.kb.experience.ExperienceContent loadedContent(String experienceId) {
        if (!ContentIds.isValid(experienceId)) {
            throw new GaiaException(ErrorCodes.UNKNOWN_EXPERIENCE, "unknown experience: an experience id matches "
                    + ContentIds.PATTERN);
        }
        ExperienceCatalog.Entry entry = catalog.entry(experienceId).orElseThrow(() ->
                new GaiaException(ErrorCodes.UNKNOWN_EXPERIENCE, "unknown experience '" + experienceId + "'"));
        if (!entry.loaded()) {
            throw new GaiaException(ErrorCodes.EXPERIENCE_UNAVAILABLE, "experience '" + experienceId
                    + "' has content errors: " + String.join("; ", entry.errors()));
        }
        return entry.content();
    }

    public CompletableFuture<ActionResponse> perform(AuthenticatedUser user, ActionRequest request) {
        return performEncoded(user, request).thenApply(ActionAnswer::response);
    }

    /** As {@link #perform}, with the answer's JSON as remembered for its request id (for the NATS reply). */
    public CompletableFuture<ActionAnswer> performEncoded(AuthenticatedUser user, ActionRequest request) {
        long start = System.nanoTime();
        ExperienceEngine engine = engineFor(request.experience());
        CommandRegistry.Entry entry;
        Params params;
        String name = request.action();
        try {
            if (request.action().length() > MAX_ACTION_LENGTH) {
                throw new GameError(ErrorCodes.INVALID_FIELD, "field 'action' is longer than " + MAX_ACTION_LENGTH);
            }
            ActionLine.Parsed parsed = ActionLine.parse(request.action(), request.params(), commands);
            name = parsed.name();
            String commandName = name;
            entry = commands.find(commandName, engine.content()).orElseThrow(() ->
                    new GameError(ErrorCodes.UNKNOWN_ACTION, "unknown action '" + shorten(commandName) + "'"));
            if (entry.spec().admin() && !user.admin()) {
                throw new GameError(ErrorCodes.FORBIDDEN, commandName + " needs an admin token");
            }
            params = entry.spec().params().validate(parsed.params());
        } catch (GameError e) {
            metrics.record(name, e.code(), start);
            return CompletableFuture.completedFuture(ActionAnswer.unencoded(
                    failure(shorten(name), e.code(), e.getMessage(), Map.of(), List.of())));
        }
        String action = name;
        CommandRegistry.Entry command = entry;
        if (interpreter != null && entry.command() instanceof ContentCommand content && !content.authored().structured()) {
            return interpreted(user, request, engine, content.authored(), params, start);
        }
        return engine.submitOnce(user.userId(), request.requestId(), tx -> execute(command, params, tx, user.admin()),
                        outcome -> ANSWERS.encoded(respond(action, command.spec().admin(), user.userId(), outcome)), ANSWERS)
                .handle((answer, error) -> {
                    ActionAnswer made = error != null ? ActionAnswer.unencoded(failure(action, error)) : answer;
                    ActionResponse response = made.response();
                    metrics.record(action, response.success() ? "success" : response.code(), start);
                    return made;
                });
    }

    /**
     * A prose-only command with a language model: the player's situation is read in a job, the model
     * answers outside the writer (bounded by its timeout), and its patch runs as a command in a second job,
     * which checks it whole against the live state. The request id makes that job run at most once.
     */
    private CompletableFuture<ActionAnswer> interpreted(AuthenticatedUser user, ActionRequest request, ExperienceEngine engine,
                                                        io.gaia.kb.experience.AuthoredCommand authored, Params params,
                                                        long start) {
        String action = authored.name();
        CommandSpec spec = new CommandSpec(action, authored.description(), false, ParamSpec.of());
        return engine.submit(user.userId(), null, Situation::of)
                .thenCompose(read -> interpreter.logic(engine.content(), authored, params.values(), read.value()).toFuture())
                .thenCompose(patch -> engine.submitOnce(user.userId(), request.requestId(),
                        tx -> execute(new CommandRegistry.Entry(spec, new InterpretedCommand(action, patch)), params, tx,
                                user.admin()),
                        outcome -> ANSWERS.encoded(respond(action, false, user.userId(), outcome)), ANSWERS))
                .handle((answer, error) -> {
                    ActionAnswer made = error == null ? answer : ActionAnswer.unencoded(failure(action, error));
                    ActionResponse response = made.response();
                    metrics.record(action, response.success() ? "success" : response.code(), start);
                    return made;
                });
    }

    /**
     * Answers to actions with a request id are remembered as their wire JSON (a repeat of the same
     * user's request id gets the first answer back; see {@link io.gaia.kb.world.RememberedAnswers}); the
     * answer is encoded once, and the NATS reply sends the same bytes.
     */
    private static final AnswerJson ANSWERS = new AnswerJson();

    private static final class AnswerJson implements ExperienceEngine.AnswerCodec<ActionAnswer> {
        private final io.gaia.events.GaiaJson json = io.gaia.events.GaiaJson.withMaxBytes(64 * 1024 * 1024);

        ActionAnswer encoded(ActionResponse response) {
            return new ActionAnswer(response, json.write(response));
        }

        @Override
        public byte[] encode(ActionAnswer answer) {
            return answer.json();
        }

        @Override
        public ActionAnswer decode(byte[] bytes) {
            return new ActionAnswer(json.read(bytes, ActionResponse.class), bytes);
        }
    }

    /**
     * {@code POST /experience/interact}: reads a phrase against what the player sees and carries
     * and runs the command it names, in one job (so the reading and the action see the same state).
     */
    public CompletableFuture<ActionResponse> interact(AuthenticatedUser user, String experienceId, String message) {
        return interact(user, experienceId, message, null);
    }

    /**
     * As above; the deltas carry {@code requestId} in their metadata, and with a request id the phrase
     * runs at most once like an action (a repeat answers with the first answer, also on a new owner).
     */
    public CompletableFuture<ActionResponse> interact(AuthenticatedUser user, String experienceId, String message,
                                                      String requestId) {
        long start = System.nanoTime();
        ExperienceEngine engine = engineFor(experienceId);
        if (interpreter != null) {
            // with a language model, a phrase that names no command goes to the model; the reading itself changes nothing
            return engine.submit(user.userId(), null, tx -> {
                try {
                    return PhraseInterpreter.read(tx, message).isPresent();
                } catch (GameError refused) {
                    return true; // ambiguous or naming nothing here: answered offline, with the alternatives
                }
            }).thenCompose(read -> read.value() ? readOffline(user, engine, message, requestId, start)
                    : chosenByModel(user, engine, message, requestId, start));
        }
        return readOffline(user, engine, message, requestId, start);
    }

    private CompletableFuture<ActionResponse> readOffline(AuthenticatedUser user, ExperienceEngine engine, String message,
                                                          String requestId, long start) {
        return engine.submitOnce(user.userId(), requestId, tx -> {
            PhraseInterpreter.Reading reading;
            try {
                reading = PhraseInterpreter.read(tx, message).orElse(null);
            } catch (GameError refused) {
                // ambiguous, or names nothing here: nothing runs
                return new Interpreted(null, refused, AvailableActions.of(tx));
            }
            if (reading == null) {
                return new Interpreted(null, new GameError(ErrorCodes.UNKNOWN_ACTION,
                        "I do not understand '" + shorten(message) + "'. Try 'take the bottle of joy'."),
                        AvailableActions.of(tx));
            }
            Object result;
            try {
                CommandRegistry.Entry entry = commands.find(reading.command(), tx.content()).orElseThrow(() ->
                        new GameError(ErrorCodes.UNKNOWN_ACTION, "unknown action '" + reading.command() + "'"));
                result = execute(entry, entry.spec().params().validate(reading.params()), tx, user.admin());
            } catch (GameError e) {
                result = e;
            }
            return new Interpreted(reading, result, AvailableActions.of(tx));
        }, outcome -> ANSWERS.encoded(interpreted(user.userId(), outcome)), ANSWERS).handle((answer, error) -> {
            ActionResponse response = error != null ? failure("interact", error) : answer.response();
            metrics.record(response.action(), response.success() ? "success" : response.code(), start);
            return response;
        });
    }

    /** The answer to a phrase: the command it named (or {@code interact}), what it read and any alternatives. */
    private ActionResponse interpreted(String userId, ExperienceEngine.Outcome<Interpreted> outcome) {
        String action = outcome.value().reading() == null ? "interact" : outcome.value().reading().command();
        // a phrase names player commands only (PhraseInterpreter's verbs, the model's offered commands)
        ActionResponse response = respond(action, false, userId,
                new ExperienceEngine.Outcome<>(outcome.value().result(), outcome.deltas(), outcome.versions()));
        Map<String, Object> metadata = new LinkedHashMap<>(response.metadata());
        if (outcome.value().result() instanceof PhraseRefused refused) {
            metadata.put("alternatives", refused.alternatives());
        }
        if (outcome.value().reading() != null) {
            Map<String, Object> interpreted = new LinkedHashMap<>();
            interpreted.put("action", action);
            interpreted.put("params", outcome.value().reading().params());
            if (outcome.value().reading().byModel()) {
                interpreted.put("by", "language_model");
            }
            metadata.put("interpreted", interpreted);
        }
        metadata.put("available_actions", outcome.value().available());
        return new ActionResponse(response.action(), response.success(), response.message(), response.code(),
                metadata, response.itemId(), response.timestamp(), response.events());
    }

    private record Interpreted(PhraseInterpreter.Reading reading, Object result, List<Map<String, Object>> available) {
    }

    /**
     * A phrase no command names, read by the language model: it sees the player's commands and situation
     * and may pick one with params. That command then runs exactly as if the player had sent it (its params
     * validated, its rules checked; a prose-only one goes through its own logic pass). No pick: the model's
     * hint, {@code unknown_action}, and the engine's {@code available_actions}.
     */
    private CompletableFuture<ActionResponse> chosenByModel(AuthenticatedUser user, ExperienceEngine engine, String message,
                                                            String requestId, long start) {
        return engine.submit(user.userId(), null, tx -> Map.of("situation", Situation.of(tx),
                        "commands", playerCommands(tx.content())))
                .thenCompose(read -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> situation = (Map<String, Object>) read.value().get("situation");
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> offered = (List<Map<String, Object>>) read.value().get("commands");
                    return interpreter.choose(message, offered, situation).toFuture();
                })
                .thenCompose(choice -> runChoice(user, engine, message, requestId, choice))
                .handle((response, error) -> {
                    ActionResponse made = error == null ? response : failure("interact", error);
                    metrics.record(made.action(), made.success() ? "success" : made.code(), start);
                    return made;
                });
    }

    private CompletableFuture<ActionResponse> runChoice(AuthenticatedUser user, ExperienceEngine engine, String message,
                                                        String requestId, io.gaia.kb.interpret.Interpreter.Choice choice) {
        CommandRegistry.Entry entry = choice.command() == null ? null
                : commands.find(choice.command(), engine.content()).filter(e -> !e.spec().admin()).orElse(null);
        if (entry == null) {
            String hint = choice.message() != null ? " " + choice.message() : "";
            return engine.submitOnce(user.userId(), requestId, tx -> new Interpreted(null, new GameError(
                            ErrorCodes.UNKNOWN_ACTION, "I do not understand '" + shorten(message) + "'." + hint),
                            AvailableActions.of(tx)),
                    outcome -> ANSWERS.encoded(interpreted(user.userId(), outcome)), ANSWERS)
                    .thenApply(ActionAnswer::response);
        }
        Params params = entry.spec().params().validate(choice.params());
        PhraseInterpreter.Reading reading = new PhraseInterpreter.Reading(entry.spec().name(), params.values(), true);
        if (entry.command() instanceof ContentCommand content && !content.authored().structured()) {
            return interpreted(user, new ActionRequest(engine.content().id(), entry.spec().name(), params.values(),
                    requestId), engine, content.authored(), params, System.nanoTime()).thenApply(ActionAnswer::response);
        }
        return engine.submitOnce(user.userId(), requestId, tx -> new Interpreted(reading,
                        execute(entry, params, tx, user.admin()), AvailableActions.of(tx)),
                outcome -> ANSWERS.encoded(interpreted(user.userId(), outcome)), ANSWERS)
                .thenApply(ActionAnswer::response);
    }

    /** The player commands offered to the model: name, description and params (admin commands never). */
    private List<Map<String, Object>> playerCommands(io.gaia.kb.experience.ExperienceContent content) {
        return commands.all(content).stream().filter(e -> !e.spec().admin()).map(e -> {
            Map<String, Object> command = new LinkedHashMap<>();
            command.put("name", e.spec().name());
            command.put("description", content.logicFor(e.spec().name()).map(io.gaia.kb.experience.GameLogicDoc::description)
                    .orElse(e.spec().description()));
            command.put("params", e.spec().params().properties().keySet());
            return command;
        }).toList();
    }

    /** Runs {@code work} as {@code user} on an experience's writer (the player is created on first contact). */
    public <T> CompletableFuture<ExperienceEngine.Outcome<T>> run(ExperienceEngine engine, AuthenticatedUser user,
                                                                  String requestId, Function<Tx, T> work) {
        return engine.submit(user.userId(), requestId, work);
    }

    private static Object execute(CommandRegistry.Entry entry, Params params, Tx tx, boolean admin) {
        try {
            return entry.command().execute(new CommandContext(tx, params, admin));
        } catch (GameError e) {
            return e;
        }
    }

    /**
     * The answer, with the deltas that concern the caller: their own, and those of the zone they stand
     * in after the action (another zone's deltas go only to that zone). An admin command's answer shows
     * every zone it changed ({@code adminCommand}: the registry's flag for the command that ran), as the admin
     * asked for those changes; one that changed other players leaves their deltas to their own subjects.
     */
    private ActionResponse respond(String action, boolean adminCommand, String userId,
                                   ExperienceEngine.Outcome<?> outcome) {
        String own = io.gaia.events.Subjects.userUpdates(userId);
        String zone = outcome.versions() == null ? null : outcome.versions().zone();
        List<WorldUpdateEvent> events = outcome.deltas().stream()
                .filter(d -> d.subject().equals(own) || (d.event().zone() != null
                        && (adminCommand || d.event().zone().equals(zone))))
                .map(Delta::event).toList();
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (outcome.value() instanceof GameError e) {
            metadata.putAll(e.metadata());
            putVersions(metadata, outcome.versions());
            return failure(action, e.code(), e.getMessage(), metadata, events);
        }
        CommandResult result = (CommandResult) outcome.value();
        metadata.putAll(result.metadata());
        putVersions(metadata, outcome.versions());
        return ActionResponse.ok(action, result.message(), metadata, result.itemId(), clock.getAsLong(), events);
    }

    /**
     * A failure answer for an error: the engine's refusal, or one of kb's own (a language model's timeout or
     * refused patch, a command the model chose with bad params) with its code and message; else internal_error.
     */
    private ActionResponse failure(String action, Throwable error) {
        ExperienceEngine.EngineException refused = ExperienceEngine.EngineException.in(error);
        if (refused != null) {
            return failure(action, refused.code(), refused.getMessage(), Map.of(), List.of());
        }
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof GaiaException gaia) {
            return failure(action, gaia.code(), gaia.getMessage(), Map.of(), List.of());
        }
        if (cause instanceof GameError game) {
            return failure(action, game.code(), game.getMessage(), game.metadata(), List.of());
        }
        return failure(action, ErrorCodes.INTERNAL_ERROR, "internal error", Map.of(), List.of());
    }

    private ActionResponse failure(String action, String code, String message, Map<String, Object> metadata,
                                   List<WorldUpdateEvent> events) {
        return new ActionResponse(action, false, message, code, metadata, null, clock.getAsLong(), events);
    }

    private static void putVersions(Map<String, Object> metadata, Versions versions) {
        if (versions != null) {
            metadata.put(ActionMetadata.VERSIONS, versions.wire());
            if (versions.epoch() != null) {
                metadata.put(ActionMetadata.EPOCH, versions.epoch());
            }
            if (versions.zone() != null) {
                metadata.put(ActionMetadata.ZONE, versions.zone());
            }
        }
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
