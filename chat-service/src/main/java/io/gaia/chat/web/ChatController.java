package io.gaia.chat.web;

import io.gaia.chat.config.ChatProperties;
import io.gaia.chat.conversation.Conversation;
import io.gaia.chat.conversation.ConversationStore;
import io.gaia.chat.turn.ChatEvent;
import io.gaia.chat.turn.ChatTurnRequest;
import io.gaia.chat.turn.ChatTurns;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.web.GaiaException;
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
    private final ConversationStore conversations;
    private final ChatProperties properties;
    private final GaiaJson json;

    ChatController(ChatTurns turns, ConversationStore conversations, ChatProperties properties, GaiaJson json) {
        this.turns = turns;
        this.conversations = conversations;
        this.properties = properties;
        this.json = json;
    }

    @PostMapping(path = {"/chat/unified", "/api/v0.3/chat"})
    Mono<ResponseEntity<Object>> chat(@RequestBody ChatRequest body, AuthenticatedUser user) {
        if (body.message() == null || body.message().isBlank()) {
            throw new GaiaException(ErrorCodes.MISSING_FIELD, "field 'message' is required");
        }
        return conversation(body, user).map(found -> {
            Conversation conversation = found.conversation();
            String experience = blank(body.experience()) ? conversation.experience() : body.experience();
            ChatTurnRequest request = new ChatTurnRequest(user, conversation, found.isNew(), experience, body.message().strip());
            if (!body.streaming()) {
                return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer(request));
            }
            return ResponseEntity.ok()
                    .contentType(MediaType.TEXT_EVENT_STREAM)
                    .cacheControl(CacheControl.noStore())
                    .header("X-Accel-Buffering", "no")
                    .body(stream(request));
        });
    }

    /** A conversation to continue, or a new one (stored by the turn itself, off the path of the first events). */
    private record Found(Conversation conversation, boolean isNew) {
    }

    private Mono<Found> conversation(ChatRequest body, AuthenticatedUser user) {
        String experience = blank(body.experience()) ? properties.defaultExperience() : body.experience();
        if (blank(body.conversationId())) {
            return Mono.just(new Found(Conversation.start(UUID.randomUUID().toString(), user.userId(), experience), true));
        }
        String id = body.conversationId();
        if (!ConversationStore.VALID_ID.matcher(id).matches()) {
            throw new GaiaException(ErrorCodes.INVALID_FIELD, "conversation_id may hold only letters, digits, '-' and '_' (1-64)");
        }
        return conversations.find(id)
                .map(existing -> {
                    if (!existing.ownedBy(user.userId())) {
                        // Someone else's conversation does not exist, as far as this caller can tell.
                        throw new GaiaException(ErrorCodes.NOT_FOUND, "no such conversation");
                    }
                    return new Found(existing, false);
                })
                .defaultIfEmpty(new Found(Conversation.start(id, user.userId(), experience), true));
    }

    private Flux<ServerSentEvent<String>> stream(ChatTurnRequest request) {
        Flux<ServerSentEvent<String>> events = turns.play(request)
                .map(event -> ServerSentEvent.builder(json.writeString(event.data())).build());
        Flux<ServerSentEvent<String>> heartbeats = Flux.interval(properties.heartbeat())
                .map(i -> ServerSentEvent.<String>builder().comment("heartbeat").build());
        return events.publish(shared -> Flux.merge(shared, heartbeats.takeUntilOther(shared.ignoreElements())));
    }

    @SuppressWarnings("unchecked")
    private Mono<Map<String, Object>> answer(ChatTurnRequest request) {
        return turns.play(request).collectList().map(events -> {
            StringBuilder narrative = new StringBuilder();
            List<Object> worldUpdates = new ArrayList<>();
            Map<String, Object> body = new LinkedHashMap<>();
            for (ChatEvent event : events) {
                switch (event.type()) {
                    case ChatEvent.CONTENT -> narrative.append(event.text());
                    case ChatEvent.WORLD_UPDATE -> worldUpdates.add(event.data());
                    case ChatEvent.METADATA -> ((Map<String, Object>) event.data()).forEach((k, v) -> {
                        if (!"type".equals(k)) {
                            body.put(k, v);
                        }
                    });
                    case ChatEvent.ERROR -> body.put("error", event.data());
                    default -> { }
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
