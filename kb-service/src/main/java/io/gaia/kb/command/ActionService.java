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

    public ActionService(ExperienceCatalog catalog, EngineRegistry engines, CommandRegistry commands,
                         ActionMetrics metrics, LongSupplier clock) {
        this.catalog = catalog;
        this.engines = engines;
        this.commands = commands;
        this.metrics = metrics;
        this.clock = clock;
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
        return engine.submitOnce(user.userId(), request.requestId(), tx -> execute(command, params, tx, user.admin()),
                        outcome -> ANSWERS.encoded(respond(action, user.userId(), outcome)), ANSWERS)
                .handle((answer, error) -> {
                    ActionAnswer made = error != null ? ActionAnswer.unencoded(failure(action, error)) : answer;
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
        return engine.submitOnce(user.userId(), requestId, tx -> {
            PhraseInterpreter.Reading reading;
            try {
                reading = PhraseInterpreter.read(tx, message).orElse(null);
            } catch (GameError refused) {
                // ambiguous, or names nothing here: nothing runs
                return new Interpreted(null, refused);
            }
            if (reading == null) {
                return new Interpreted(null, new GameError(ErrorCodes.UNKNOWN_ACTION,
                        "I do not understand '" + shorten(message) + "'. Try 'take the bottle of joy'."));
            }
            Object result;
            try {
                CommandRegistry.Entry entry = commands.find(reading.command(), tx.content()).orElseThrow(() ->
                        new GameError(ErrorCodes.UNKNOWN_ACTION, "unknown action '" + reading.command() + "'"));
                result = execute(entry, entry.spec().params().validate(reading.params()), tx, user.admin());
            } catch (GameError e) {
                result = e;
            }
            return new Interpreted(reading, result);
        }, outcome -> ANSWERS.encoded(interpreted(user.userId(), outcome)), ANSWERS).handle((answer, error) -> {
            ActionResponse response = error != null ? failure("interact", error) : answer.response();
            metrics.record(response.action(), response.success() ? "success" : response.code(), start);
            return response;
        });
    }

    /** The answer to a phrase: the command it named (or {@code interact}), what it read and any alternatives. */
    private ActionResponse interpreted(String userId, ExperienceEngine.Outcome<Interpreted> outcome) {
        String action = outcome.value().reading() == null ? "interact" : outcome.value().reading().command();
        ActionResponse response = respond(action, userId,
                new ExperienceEngine.Outcome<>(outcome.value().result(), outcome.deltas(), outcome.versions()));
        Map<String, Object> metadata = new LinkedHashMap<>(response.metadata());
        if (outcome.value().result() instanceof PhraseRefused refused) {
            metadata.put("alternatives", refused.alternatives());
        }
        if (outcome.value().reading() != null) {
            metadata.put("interpreted", Map.of("action", action, "params", outcome.value().reading().params()));
        }
        return new ActionResponse(response.action(), response.success(), response.message(), response.code(),
                metadata, response.itemId(), response.timestamp(), response.events());
    }

    private record Interpreted(PhraseInterpreter.Reading reading, Object result) {
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
     * The answer, with the deltas that concern the caller (the shared world's and their own): an
     * admin command that changed other players leaves their deltas to their own subjects.
     */
    private ActionResponse respond(String action, String userId, ExperienceEngine.Outcome<?> outcome) {
        String own = io.gaia.events.Subjects.userUpdates(userId);
        List<WorldUpdateEvent> events = outcome.deltas().stream()
                .filter(d -> d.subject().equals(own) || io.gaia.events.Subjects.experienceOf(d.subject()) != null)
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

    private ActionResponse failure(String action, Throwable error) {
        ExperienceEngine.EngineException refused = ExperienceEngine.EngineException.in(error);
        if (refused != null) {
            return failure(action, refused.code(), refused.getMessage(), Map.of(), List.of());
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
        }
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
