package io.gaia.chat.web;

import io.gaia.chat.config.ChatProperties;
import io.gaia.chat.conversation.Conversation;
import io.gaia.chat.conversation.ConversationStore;
import io.gaia.chat.conversation.ConversationTakenException;
import io.gaia.chat.kb.ChatKb;
import io.gaia.chat.turn.ChatTurnRequest;
import io.gaia.chat.turn.ChatTurns;
import io.gaia.events.ChatText;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.chat.ChatStreamEvent;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.web.GaiaException;
import io.gaia.support.web.RequestIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The chat endpoint, at its current path and at the v0.3 path existing clients use. Answers with
 * Server-Sent Events, one {@code data: {json}} per event, with heartbeat comments while idle;
 * or, with {@code stream:false}, one JSON body once the turn is over.
 */
@RestController
class ChatController {

    private final ChatTurns turns;
    private final ChatKb kb;
    private final ConversationStore conversations;
    private final ChatProperties properties;
    private final GaiaJson json;

    ChatController(ChatTurns turns, ChatKb kb, ConversationStore conversations, ChatProperties properties, GaiaJson json) {
        this.turns = turns;
        this.kb = kb;
        this.conversations = conversations;
        this.properties = properties;
        this.json = json;
    }

    private static final String V03_PATH = "/api/v0.3/chat";

    @PostMapping(path = {"/chat/unified", V03_PATH})
    Mono<ResponseEntity<Object>> chat(@RequestBody(required = false) ChatRequest body, AuthenticatedUser user,
                                      ServerWebExchange exchange) {
        String message = message(body);
        boolean legacy = legacyDeltas(exchange);
        String requestId = RequestIds.checked(body.requestId()) != null ? body.requestId() : RequestIds.of(exchange);
        return conversation(body, user).map(found -> {
            ChatTurnRequest request = new ChatTurnRequest(user, found.conversation(), found.isNew(), found.experience(),
                    message, requestId);
            if (!body.streaming()) {
                return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer(request, legacy));
            }
            return ResponseEntity.ok()
                    .contentType(MediaType.TEXT_EVENT_STREAM)
                    .cacheControl(CacheControl.noStore())
                    .header("X-Accel-Buffering", "no")
                    .body(stream(request, legacy));
        });
    }

    /**
     * Which shape world_updates take: v0.3 (changes keyed by path, items named by {@code item.id}) on the
     * v0.3 path that v0.3 clients call, v0.4 elsewhere; {@code ?delta_format=v0.3|v0.4} chooses on either path.
     */
    private static boolean legacyDeltas(ServerWebExchange exchange) {
        String asked = exchange.getRequest().getQueryParams().getFirst("delta_format");
        if (asked == null || asked.isBlank()) {
            return exchange.getRequest().getPath().pathWithinApplication().value().startsWith(V03_PATH);
        }
        return switch (asked) {
            case "v0.3" -> true;
            case "v0.4" -> false;
            default -> throw new GaiaException(ErrorCodes.INVALID_FIELD, "delta_format must be v0.3 or v0.4");
        };
    }

    /** The player's words: present, a non-empty string, at most {@link ChatText#MAX_CHARS} (the socket's limit too). */
    private static String message(ChatRequest body) {
        if (body == null) {
            throw new GaiaException(ErrorCodes.INVALID_JSON, "the request body is empty; send a JSON object with 'message'");
        }
        if (body.message() == null) {
            throw new GaiaException(ErrorCodes.MISSING_FIELD, "field 'message' is required");
        }
        if (body.message().isBlank()) {
            throw new GaiaException(ErrorCodes.INVALID_FIELD, "field 'message' must be a non-empty string");
        }
        if (body.message().length() > ChatText.MAX_CHARS) {
            throw new GaiaException(ErrorCodes.INVALID_FIELD, "field 'message' is longer than " + ChatText.MAX_CHARS
                    + " characters");
        }
        return body.message().strip();
    }

    /**
     * A conversation to continue, or a new one. A new one with a server-made id is stored by the turn
     * itself, off the path of the first events (no one else can hold that id); a new one with the
     * client's id is created here first, so that of two racing creates the loser gets 409 {@code conflict}
     * and nothing of its turn is written anywhere. The experience is checked before anything is stored.
     */
    private record Found(Conversation conversation, boolean isNew, String experience) {
    }

    private Mono<Found> conversation(ChatRequest body, AuthenticatedUser user) {
        String asked = blank(body.experience()) ? null : body.experience();
        if (blank(body.conversationId())) {
            String experience = asked != null ? asked : properties.defaultExperience();
            return known(user, experience).thenReturn(
                    new Found(Conversation.start(UUID.randomUUID().toString(), user.userId(), experience), true, experience));
        }
        String id = body.conversationId();
        if (!ConversationStore.VALID_ID.matcher(id).matches()) {
            throw new GaiaException(ErrorCodes.INVALID_FIELD, "conversation_id may hold only letters, digits, '-' and '_' (1-64)");
        }
        return conversations.find(id)
                .flatMap(existing -> {
                    if (!existing.ownedBy(user.userId())) {
                        // Someone else's conversation does not exist, as far as this caller can tell.
                        return Mono.<Found>error(new GaiaException(ErrorCodes.NOT_FOUND, "no such conversation"));
                    }
                    String experience = asked != null ? asked : existing.experience();
                    return known(user, experience).thenReturn(new Found(existing, false, experience));
                })
                .switchIfEmpty(Mono.defer(() -> {
                    String experience = asked != null ? asked : properties.defaultExperience();
                    return known(user, experience)
                            .then(conversations.create(id, user.userId(), experience))
                            .onErrorMap(ConversationTakenException.class, e -> new GaiaException(ErrorCodes.CONFLICT,
                                    "conversation_id '" + id + "' was just taken by another request; choose another id"))
                            .map(created -> new Found(created, false, experience));
                }));
    }

    /**
     * Fails with kb-service's 4xx ({@code unknown_experience}, 404) when the experience does not exist; an
     * unreachable kb-service is left to the turn, which reports it in the stream.
     */
    private Mono<Void> known(AuthenticatedUser user, String experience) {
        return kb.npcs(user.token(), experience)
                .onErrorResume(e -> e instanceof GaiaException gaia && gaia.status().is4xxClientError()
                        ? Mono.error(gaia) : Mono.empty())
                .then();
    }

    private Flux<ServerSentEvent<String>> stream(ChatTurnRequest request, boolean legacy) {
        Flux<ServerSentEvent<String>> events = turns.play(request)
                .concatMapIterable(event -> encode(event, legacy))
                .map(data -> ServerSentEvent.builder(data).build());
        Flux<ServerSentEvent<String>> heartbeats = Flux.interval(properties.heartbeat())
                .map(i -> ServerSentEvent.<String>builder().comment("heartbeat").build());
        return events.publish(shared -> Flux.merge(shared, heartbeats.takeUntilOther(shared.ignoreElements())));
    }

    /** One event's data lines: a v0.3 world_update holds one change per path, so one delta may become several. */
    private List<String> encode(ChatStreamEvent event, boolean legacy) {
        if (legacy && event instanceof ChatStreamEvent.WorldUpdate update) {
            return json.writeLegacy(update.event());
        }
        return List.of(json.writeString(event));
    }

    private Mono<Map<String, Object>> answer(ChatTurnRequest request, boolean legacy) {
        return turns.play(request).collectList().map(events -> {
            StringBuilder narrative = new StringBuilder();
            List<Object> worldUpdates = new ArrayList<>();
            Map<String, Object> body = new LinkedHashMap<>();
            for (ChatStreamEvent event : events) {
                if (event instanceof ChatStreamEvent.Content content) {
                    narrative.append(content.content());
                } else if (event instanceof ChatStreamEvent.WorldUpdate update) {
                    if (legacy) {
                        encode(event, true).forEach(v03 -> worldUpdates.add(json.readTree(v03)));
                    } else {
                        worldUpdates.add(update.event());
                    }
                } else if (event instanceof ChatStreamEvent.Metadata metadata) {
                    body.putAll(metadata.fields());
                } else if (event instanceof ChatStreamEvent.Error error) {
                    body.put("error", error);
                }
            }
            body.put("response", narrative.toString());
            body.put("world_updates", worldUpdates);
            return body;
        });
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
