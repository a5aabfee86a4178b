package io.gaia.chat.turn;

import io.gaia.chat.config.ChatProperties;
import io.gaia.chat.conversation.ConversationStore;
import io.gaia.chat.conversation.ConversationTurn;
import io.gaia.chat.delta.DeltaSubscriptions;
import io.gaia.chat.intent.Intent;
import io.gaia.chat.intent.IntentResolver;
import io.gaia.chat.intent.WorldView;
import io.gaia.chat.intent.Verb;
import io.gaia.chat.kb.ChatKb;
import io.gaia.chat.narrative.ContentChunker;
import io.gaia.chat.narrative.Narration;
import io.gaia.chat.narrative.Narrator;
import io.gaia.chat.narrative.OfflineNarrator;
import io.gaia.chat.narrative.TurnActions;
import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.support.web.GaiaException;
import io.gaia.support.web.RequestIds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import io.gaia.events.chat.ChatStreamEvent;
import io.gaia.events.kb.AreaOfInterest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Plays one chat turn. The order of work is what makes deltas come first:
 * subscribe to the player's and the experience's subjects, understand the message, run the
 * command (its deltas are written the moment NATS or kb's response brings them), and only then
 * narrate. Everything the turn opened is closed when its stream ends, however it ends.
 */
@Component
public class ChatTurns {

    private static final Logger log = LoggerFactory.getLogger(ChatTurns.class);

    private final ChatKb kb;
    private final IntentResolver resolver;
    private final Narrator narrator;
    private final OfflineNarrator offline;
    private final DeltaSubscriptions deltas;
    private final ConversationStore conversations;
    private final ChatProperties properties;
    private final AreaOfInterestCache areas;
    private final ChatMetrics metrics;

    public ChatTurns(ChatKb kb, IntentResolver resolver, Narrator narrator, OfflineNarrator offline,
                     DeltaSubscriptions deltas, ConversationStore conversations, ChatProperties properties,
                     AreaOfInterestCache areas, ChatMetrics metrics) {
        this.areas = areas;
        this.metrics = metrics;
        this.kb = kb;
        this.resolver = resolver;
        this.narrator = narrator;
        this.offline = offline;
        this.deltas = deltas;
        this.conversations = conversations;
        this.properties = properties;
    }

    public Flux<ChatStreamEvent> play(ChatTurnRequest request) {
        return Flux.defer(() -> {
            TurnStream turn = new TurnStream(request.experience());
            turn.metadata(Map.of(
                    "conversation_id", request.conversation().conversationId(),
                    "experience", request.experience(),
                    "provider", narrator.provider(),
                    "model", narrator.model(Narration.Kind.ACTION)));
            return Flux.usingWhen(
                    // a player's first turn here may create them: their bootstrap delta comes on NATS only
                    deltas.open(request.user().userId(), request.experience(), zoneOf(request), turn::worldUpdate,
                            areas.get(request.user().userId(), request.experience()) == null),
                    subscription -> Flux.merge(turn.events(), work(request, turn).then(Mono.<ChatStreamEvent>empty())),
                    subscription -> Mono.fromRunnable(subscription::close));
        });
    }

    /** The chain (zone, or area) the player stood in at their last turn here (its deltas are the turn's to show), or null. */
    private String zoneOf(ChatTurnRequest request) {
        AreaOfInterest known = areas.get(request.user().userId(), request.experience());
        return known == null ? null : known.versionChain();
    }

    private Mono<Void> work(ChatTurnRequest request, TurnStream turn) {
        Outcome outcome = new Outcome();
        // The player's words are saved alongside the turn, not before it: the disk is not on the delta path.
        // A conversation that could not be created gets no turns at all (nothing lands in anyone else's history).
        Mono<Boolean> userSaved = created(request)
                .flatMap(created -> !created ? Mono.just(false)
                        : conversations.append(request.conversation().conversationId(), ConversationTurn.user(request.message()))
                        .thenReturn(true)
                        .onErrorResume(e -> {
                            log.warn("could not persist a message of conversation {}: {}",
                                    request.conversation().conversationId(), e.getMessage());
                            return Mono.just(true);
                        }))
                .cache();
        return Mono.when(userSaved, understand(request)
                        .flatMap(narration -> act(request, turn, narration, outcome))
                        .flatMap(narration -> Mono.when(narrate(turn, narration, outcome), refreshAfterAction(request, outcome))
                                .doOnSuccess(done -> forgetAfterToolActions(request, outcome))))
                .timeout(properties.turnTimeout())
                .then(Mono.defer(() -> finish(request, turn, outcome, null, userSaved)))
                .onErrorResume(error -> finish(request, turn, outcome, error, userSaved));
    }

    /** Resolves against the cached area of interest when that yields a command; otherwise against a fresh one. */
    private Mono<Narration> understand(ChatTurnRequest request) {
        String token = request.user().token();
        String user = request.user().userId();
        Mono<List<io.gaia.events.kb.Npc>> npcs = kb.npcs(token, request.experience());
        Mono<List<Verb>> verbs = kb.verbs(token, request.experience()).onErrorResume(e -> Mono.just(List.of()));
        AreaOfInterest cached = areas.get(user, request.experience());
        Mono<Narration> fresh = Mono.zip(kb.areaOfInterest(token, request.experience()), npcs, verbs)
                .map(all -> {
                    areas.put(user, request.experience(), all.getT1());
                    return narration(request, WorldView.of(all.getT1(), all.getT2()), all.getT3());
                });
        if (cached == null) {
            return fresh;
        }
        return Mono.zip(npcs, verbs).map(both -> narration(request, WorldView.of(cached, both.getT1()), both.getT2()))
                .flatMap(guess -> guess.kind() == Narration.Kind.ACTION || guess.kind() == Narration.Kind.TALK
                        ? Mono.just(guess) : fresh);
    }

    private Narration narration(ChatTurnRequest request, WorldView world, List<Verb> verbs) {
        Intent intent = resolver.resolve(request.message(), world, verbs);
        Narration.Kind kind = intent instanceof Intent.Command ? Narration.Kind.ACTION
                : intent instanceof Intent.Talk ? Narration.Kind.TALK
                : intent instanceof Intent.Clarify ? Narration.Kind.CLARIFY
                : Narration.Kind.CHAT;
        return new Narration(kind, request.message(), intent, null, world,
                request.conversation().lastTurns(properties.conversations().historyTurns()), TurnActions.NONE);
    }

    /** After a command, the next turn's view of the area is fetched while this turn narrates. */
    private Mono<Void> refreshAfterAction(ChatTurnRequest request, Outcome outcome) {
        if (outcome.lastResult() == null) {
            return Mono.empty();
        }
        return kb.areaOfInterest(request.user().token(), request.experience())
                .doOnNext(aoi -> areas.put(request.user().userId(), request.experience(), aoi))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    /** Runs the command the message means (if any) and delivers its deltas before any narrative exists. */
    private Mono<Narration> act(ChatTurnRequest request, TurnStream turn, Narration narration, Outcome outcome) {
        ActionRequest action = null;
        if (narration.intent() instanceof Intent.Command c) {
            action = new ActionRequest(request.experience(), c.action(), c.params(), request.requestId());
        } else if (narration.intent() instanceof Intent.Talk t) {
            action = new ActionRequest(request.experience(), "talk", Map.of("npc_id", t.npc().id()), request.requestId());
        }
        if (action == null) {
            return withTools(request, turn, narration, outcome);
        }
        Mono<ActionResponse> walk = Mono.empty();
        if (narration.intent() instanceof Intent.Command c && c.goFirst() != null) {
            walk = kb.act(request.user().token(), new ActionRequest(request.experience(), "go",
                    Map.of("destination", c.goFirst()), request.requestId()))
                    .doOnNext(response -> response.events().forEach(turn::worldUpdate));
        }
        ActionRequest command = action;
        return walk.then(Mono.defer(() -> {
            long sent = System.nanoTime();
            return kb.act(request.user().token(), command)
                    .doOnNext(response -> outcome.actionNanos = System.nanoTime() - sent);
        })).map(response -> {
            response.events().forEach(turn::worldUpdate);
            outcome.result = response;
            return new Narration(narration.kind(), narration.message(), narration.intent(), response,
                    narration.world(), narration.history(), TurnActions.NONE);
        });
    }

    /** Open dialogue with a tool-calling model: offer kb's commands, run as the user. */
    private Mono<Narration> withTools(ChatTurnRequest request, TurnStream turn, Narration narration, Outcome outcome) {
        if (narration.kind() != Narration.Kind.CHAT || !narrator.callsTools()) {
            return Mono.just(narration);
        }
        return kb.commands(request.user().token(), request.experience())
                .onErrorResume(e -> Mono.just(List.of()))
                .map(commands -> {
                    KbTurnActions actions = new KbTurnActions(kb, request, turn, commands, properties.kbTimeout());
                    outcome.actions = actions;
                    return new Narration(narration.kind(), narration.message(), narration.intent(), null,
                            narration.world(), narration.history(), actions);
                });
    }

    private Mono<Void> narrate(TurnStream turn, Narration narration, Outcome outcome) {
        // A clarifying question needs no model: it is exact, and it must not invent a choice.
        Narrator speaker = narration.kind() == Narration.Kind.CLARIFY ? offline : narrator;
        outcome.model = speaker.model(narration.kind());
        outcome.provider = speaker.provider();
        // A provider's stream is read by a blocking iterator (the SDKs'): cancelling it waits until the
        // stalled read returns, i.e. the next token. The cancel goes to another thread, so the timeout
        // ends the turn at once.
        return ContentChunker.chunk(speaker.narrate(narration).cancelOn(Schedulers.boundedElastic()))
                .timeout(properties.narrator().timeout())
                .doOnNext(turn::content)
                .then();
    }

    /** Commands a model ran through tools changed the player's surroundings: the cached view is stale. */
    private void forgetAfterToolActions(ChatTurnRequest request, Outcome outcome) {
        if (outcome.actions != null && !outcome.actions.results().isEmpty()) {
            areas.forget(request.user().userId(), request.experience());
        }
    }

    /** True when the conversation exists to take turns: it did already, or the turn created it now. */
    private Mono<Boolean> created(ChatTurnRequest request) {
        if (!request.newConversation()) {
            return Mono.just(true);
        }
        String id = request.conversation().conversationId();
        return conversations.create(id, request.user().userId(), request.experience())
                .thenReturn(true)
                .onErrorResume(e -> {
                    log.error("could not create conversation {}; its turns are not saved: {}", id, e.toString());
                    return Mono.just(false);
                });
    }

    private Mono<Void> finish(ChatTurnRequest request, TurnStream turn, Outcome outcome, Throwable error,
                              Mono<Boolean> userSaved) {
        ConversationTurn answer = new ConversationTurn(ConversationTurn.ASSISTANT, turn.narrative(),
                System.currentTimeMillis(), outcome.actionName(), outcome.resultSummary(), turn.worldUpdates());
        return userSaved.flatMap(exists -> exists
                        ? conversations.append(request.conversation().conversationId(), answer) : Mono.<Void>empty())
                .onErrorResume(e -> {
                    log.warn("could not persist the answer of conversation {}: {}",
                            request.conversation().conversationId(), e.getMessage());
                    return Mono.empty();
                })
                .then(Mono.fromRunnable(() -> {
                    if (error == null) {
                        turn.complete(outcome.metadata());
                    } else {
                        fail(turn, error);
                    }
                    metrics.turnEnded(turn, error == null);
                    logTurn(request, outcome, turn, error);
                }));
    }

    /** One line per turn (silence with logging.level.io.gaia.chat.turn.ChatTurns=warn). */
    private static void logTurn(ChatTurnRequest request, Outcome outcome, TurnStream turn, Throwable error) {
        if (log.isInfoEnabled()) {
            RequestIds.logWith(request.requestId(), () -> log.info("chat turn by {} in {} (conversation {}): action {}, {}, timings {}",
                    request.user().userId(), request.experience(), request.conversation().conversationId(),
                    outcome.actionName(), error == null ? "ok" : error.toString(), turn.timings()));
        }
    }

    private static void fail(TurnStream turn, Throwable error) {
        if (error instanceof GaiaException gaia) {
            turn.fail(gaia.code(), gaia.getMessage());
        } else if (error instanceof TimeoutException) {
            turn.fail(ErrorCodes.TIMEOUT, "the narrator did not answer in time");
        } else {
            log.warn("chat turn failed", error);
            turn.fail(ErrorCodes.UPSTREAM_UNAVAILABLE, "the narrator failed");
        }
    }

    /** What the turn did, for the final metadata and the persisted answer. */
    private static final class Outcome {
        ActionResponse result;
        KbTurnActions actions;
        String model;
        String provider;
        long actionNanos = -1;

        ActionResponse lastResult() {
            if (result != null) {
                return result;
            }
            List<ActionResponse> viaTools = actions == null ? List.of() : actions.results();
            return viaTools.isEmpty() ? null : viaTools.get(viaTools.size() - 1);
        }

        String actionName() {
            ActionResponse last = lastResult();
            return last == null ? null : last.action();
        }

        Map<String, Object> resultSummary() {
            ActionResponse last = lastResult();
            if (last == null) {
                return null;
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("success", last.success());
            summary.put("message", last.message());
            if (last.code() != null) {
                summary.put("code", last.code());
            }
            return summary;
        }

        Map<String, Object> metadata() {
            Map<String, Object> fields = new LinkedHashMap<>();
            if (model != null) {
                fields.put("model", model);
                fields.put("provider", provider);
            }
            ActionResponse last = lastResult();
            if (actionNanos >= 0) {
                // How long kb-service took to run the command: the part of the wait chat-service cannot shorten.
                fields.put("action_ms", Math.round(actionNanos / 10_000.0) / 100.0);
            }
            if (last != null) {
                fields.put("action", last.action());
                fields.put("success", last.success());
                if (last.code() != null) {
                    fields.put("code", last.code());
                }
            }
            return fields;
        }
    }
}
