package io.gaia.chat.kb;

import io.gaia.chat.config.ChatProperties;
import io.gaia.chat.narrative.TurnActions;
import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.CodecException;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.events.kb.CommandsSchema;
import io.gaia.events.kb.Npc;
import io.gaia.events.kb.Npcs;
import io.gaia.support.web.GaiaException;
import io.gaia.support.web.RequestIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * kb-service over HTTP, always as the user: the caller's JWT is forwarded, so kb decides what the
 * user may do. Bodies are decoded with the shared codec; a command failure comes back as an
 * {@link ActionResponse} with {@code success=false}, whatever its HTTP status.
 */
@Component
public class KbClient {

    private static final Duration NPC_CACHE_TTL = Duration.ofMinutes(1);

    private final WebClient http;
    private final GaiaJson json;
    /** Reads kb-service's answers, bounded by {@code gaia.chat.kb-max-response-size} rather than the request limit. */
    private final GaiaJson answers;
    private final int maxResponseBytes;
    private final Duration timeout;
    private final Map<String, Mono<List<Npc>>> npcs = new ConcurrentHashMap<>();
    private final Map<String, Mono<List<TurnActions.Command>>> commands = new ConcurrentHashMap<>();

    public KbClient(ChatProperties properties, GaiaJson json) {
        // Built here rather than from Boot's WebClient.Builder: spring-boot-webclient 4.1.1 is not on Maven Central.
        // Bodies are bytes encoded and decoded by the shared codec, so no Spring codec configuration is involved.
        this.maxResponseBytes = (int) Math.min(Integer.MAX_VALUE - 8, properties.kbMaxResponseSize().toBytes());
        this.http = WebClient.builder().baseUrl(properties.kbUrl()).filter(RequestIds.propagate())
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(maxResponseBytes)).build();
        this.json = json;
        this.answers = GaiaJson.withMaxBytes(maxResponseBytes);
        this.timeout = properties.kbTimeout();
    }

    public Mono<ActionResponse> act(String token, ActionRequest request) {
        return http.post().uri("/actions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .headers(headers -> {
                    if (RequestIds.isSafe(request.requestId())) {
                        headers.set(RequestIds.HEADER, request.requestId());
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.write(request))
                .exchangeToMono(response -> response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                        .map(body -> actionResponse(request.action(), response.statusCode().value(), body)))
                .timeout(timeout)
                .onErrorMap(this::upstream);
    }

    public Mono<AreaOfInterest> areaOfInterest(String token, String experience) {
        return get(token, "/experiences/{id}/area-of-interest", experience).map(node -> answers.convert(node,
                AreaOfInterest.class));
    }

    /** The experience's NPCs (content, the same for every player), cached briefly per experience. */
    public Mono<List<Npc>> npcs(String token, String experience) {
        return npcs.computeIfAbsent(experience, id -> get(token, "/experiences/{id}/npcs", id)
                .map(node -> answers.convert(node, Npcs.class).npcs())
                .doOnError(e -> npcs.remove(id))
                .cache(list -> NPC_CACHE_TTL, e -> Duration.ZERO, () -> Duration.ZERO));
    }

    /** The experience's commands as tools for a model: name, description and JSON Schema (admin lines left out). */
    public Mono<List<TurnActions.Command>> commands(String token, String experience) {
        return commands.computeIfAbsent(experience, id -> get(token, "/experiences/{id}/commands", id)
                .map(node -> toCommands(answers.convert(node, CommandsSchema.class)))
                .doOnError(e -> commands.remove(id))
                .cache(list -> NPC_CACHE_TTL, e -> Duration.ZERO, () -> Duration.ZERO));
    }

    private List<TurnActions.Command> toCommands(CommandsSchema schema) {
        return schema.playerCommands().stream().map(command -> new TurnActions.Command(command.title(),
                command.description() != null ? command.description() : "Run the game command " + command.title(),
                json.writeString(command))).toList();
    }

    private Mono<JsonNode> get(String token, String path, String experience) {
        return http.get().uri(path, experience)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("{}").map(body -> {
                    JsonNode node = answers.readTree(body);
                    if (response.statusCode().isError()) {
                        String code = node.path("code").asString(ErrorCodes.UPSTREAM_UNAVAILABLE);
                        throw new GaiaException(code, node.path("message").asString("kb-service refused " + path));
                    }
                    return node;
                }))
                .timeout(timeout)
                .onErrorMap(this::upstream);
    }

    private ActionResponse actionResponse(String action, int status, byte[] body) {
        if (body.length == 0) {
            return ActionResponse.failed(action, ErrorCodes.UPSTREAM_UNAVAILABLE,
                    "kb-service answered " + status + " with no body", System.currentTimeMillis());
        }
        JsonNode node = answers.readTree(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        if (node.has("success")) {
            return answers.convert(node, ActionResponse.class);
        }
        // An edge error (ErrorBody): bad token, bad JSON, ...
        return ActionResponse.failed(action, node.path("code").asString(ErrorCodes.INTERNAL_ERROR),
                node.path("message").asString("kb-service refused the action"), System.currentTimeMillis());
    }

    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                return true;
            }
        }
        return false;
    }

    private Throwable upstream(Throwable e) {
        if (e instanceof GaiaException || e instanceof CodecException) {
            return e;
        }
        if (tooLarge(e)) {
            return new GaiaException(ErrorCodes.PAYLOAD_TOO_LARGE, "kb-service's answer exceeds " + maxResponseBytes
                    + " bytes (gaia.chat.kb-max-response-size)");
        }
        if (e instanceof java.util.concurrent.TimeoutException) {
            return new GaiaException(ErrorCodes.TIMEOUT, "kb-service did not answer in " + timeout);
        }
        if (e instanceof WebClientRequestException) {
            return new GaiaException(ErrorCodes.UPSTREAM_UNAVAILABLE, "kb-service is unreachable");
        }
        return new GaiaException(ErrorCodes.UPSTREAM_UNAVAILABLE, "kb-service failed: " + e.getMessage());
    }
}
