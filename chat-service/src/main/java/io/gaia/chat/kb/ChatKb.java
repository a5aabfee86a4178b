package io.gaia.chat.kb;

import io.gaia.chat.narrative.TurnActions;
import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.support.kb.KbClient;
import io.gaia.support.kb.KbException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.events.kb.CommandsSchema;
import io.gaia.events.kb.Npc;
import io.gaia.events.kb.Npcs;

/**
 * kb-service as chat uses it: the shared {@link KbClient} (over NATS, always as the user), with the
 * experience's NPCs and commands (content, the same for every player) cached for a minute, and
 * kb-service's refusal of an action read as a failed {@link ActionResponse} so a turn can narrate it.
 * Failures are {@link KbException}s (a {@code GaiaException}: kb's code and status).
 */
public class ChatKb {

    private static final Duration CONTENT_CACHE_TTL = Duration.ofMinutes(1);
    /** Codes the client itself produces when kb-service could not answer: these fail the turn. */
    private static final Set<String> UNANSWERED = Set.of(ErrorCodes.UPSTREAM_UNAVAILABLE, ErrorCodes.TIMEOUT,
            ErrorCodes.PAYLOAD_TOO_LARGE);

    private final KbClient kb;
    private final GaiaJson json;
    private final Map<String, Mono<List<Npc>>> npcs = new ConcurrentHashMap<>();
    private final Map<String, Mono<CommandsSchema>> schemas = new ConcurrentHashMap<>();

    public ChatKb(KbClient kb, GaiaJson json) {
        this.kb = kb;
        this.json = json;
    }

    /** Runs an action; kb-service's refusal of it (a bad token too) is a failed response, not an error. */
    public Mono<ActionResponse> act(String token, ActionRequest request) {
        return kb.action(request, token).onErrorResume(KbException.class, e -> UNANSWERED.contains(e.code())
                ? Mono.error(e)
                : Mono.just(ActionResponse.failed(request.action(), e.code(), e.getMessage(), System.currentTimeMillis())));
    }

    public Mono<AreaOfInterest> areaOfInterest(String token, String experience) {
        return kb.areaOfInterest(experience, token);
    }

    /** The experience's NPCs, cached briefly per experience. */
    public Mono<List<Npc>> npcs(String token, String experience) {
        return npcs.computeIfAbsent(experience, id -> kb.npcs(id, token)
                .map(Npcs::npcs)
                .doOnError(e -> npcs.remove(id))
                .cache(list -> CONTENT_CACHE_TTL, e -> Duration.ZERO, () -> Duration.ZERO));
    }

    /** The experience's commands as tools for a model: name, description and JSON Schema (admin lines left out). */
    public Mono<List<TurnActions.Command>> commands(String token, String experience) {
        return schema(token, experience).map(this::toCommands);
    }

    /** The experience's content-defined verbs (commands players name with phrases), from the same cached schema. */
    public Mono<List<io.gaia.chat.intent.Verb>> verbs(String token, String experience) {
        return schema(token, experience).map(schema -> io.gaia.chat.intent.Verb.of(schema.playerCommands()));
    }

    /** The experience's commands schema, fetched once and cached briefly per experience. */
    private Mono<CommandsSchema> schema(String token, String experience) {
        return schemas.computeIfAbsent(experience, id -> kb.commands(id, token)
                .doOnError(e -> schemas.remove(id))
                .cache(schema -> CONTENT_CACHE_TTL, e -> Duration.ZERO, () -> Duration.ZERO));
    }

    private List<TurnActions.Command> toCommands(CommandsSchema schema) {
        return schema.playerCommands().stream().map(command -> new TurnActions.Command(command.title(),
                command.description() != null ? command.description() : "Run the game command " + command.title(),
                json.writeString(command))).toList();
    }
}
