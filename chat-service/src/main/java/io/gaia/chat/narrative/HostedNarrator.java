package io.gaia.chat.narrative;

import io.gaia.chat.conversation.ConversationTurn;
import io.gaia.chat.intent.Intent;
import io.gaia.chat.intent.Thing;
import io.gaia.events.kb.Npc;
import io.gaia.events.GaiaJson;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.StreamingChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.ai.model.tool.ToolCallingManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A hosted model (Anthropic, or any OpenAI-compatible server such as Ollama, vLLM, llama.cpp)
 * through Spring AI, with true token streaming. The fast model narrates commands; the dialogue
 * model answers NPC speech and open dialogue, where it may also call kb commands as tools.
 */
public final class HostedNarrator implements Narrator {

    private final String provider;
    private final StreamingChatModel model;
    private final Supplier<ToolCallingChatOptions.Builder<?>> options;
    private final String fastModel;
    private final String dialogueModel;
    private final int maxTokens;
    private final GaiaJson json;
    private final ToolCallingManager tools = ToolCallingManager.builder().build();

    /** A model that keeps asking for tools is stopped after this many rounds. */
    private static final int MAX_TOOL_ROUNDS = 3;

    public HostedNarrator(String provider, StreamingChatModel model, Supplier<ToolCallingChatOptions.Builder<?>> options,
                          String fastModel, String dialogueModel, int maxTokens, GaiaJson json) {
        this.provider = provider;
        this.model = model;
        this.options = options;
        this.fastModel = fastModel;
        this.dialogueModel = dialogueModel == null || dialogueModel.isBlank() ? fastModel : dialogueModel;
        this.maxTokens = maxTokens;
        this.json = json;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public String model(Narration.Kind kind) {
        return kind == Narration.Kind.TALK || kind == Narration.Kind.CHAT ? dialogueModel : fastModel;
    }

    @Override
    public boolean callsTools() {
        return true;
    }

    @Override
    public Flux<String> narrate(Narration narration) {
        List<ToolCallback> tools = narration.actions().commands().stream()
                .map(c -> (ToolCallback) new KbToolCallback(c, narration.actions(), json))
                .toList();
        ToolCallingChatOptions.Builder<?> builder = options.get();
        builder.model(model(narration.kind()));
        builder.maxTokens(maxTokens);
        if (!tools.isEmpty()) {
            builder.toolCallbacks(tools);
        }
        Prompt prompt = new Prompt(messages(narration), builder.build());
        return round(prompt, 0);
    }

    /**
     * One model call, streamed; when it ends asking for tools, the tools run (as the player, on a
     * worker thread) and the conversation goes back to the model for the next round. Spring AI 2's
     * chat models return tool calls without executing them, so this loop is ours.
     */
    private Flux<String> round(Prompt prompt, int depth) {
        return Flux.defer(() -> {
            AtomicReference<ChatResponse> toolRequest = new AtomicReference<>();
            return model.stream(prompt)
                    .doOnNext(response -> {
                        if (response.hasToolCalls()) {
                            toolRequest.set(response);
                        }
                    })
                    .mapNotNull(HostedNarrator::text)
                    .concatWith(Flux.defer(() -> {
                        ChatResponse request = toolRequest.get();
                        if (request == null || depth >= MAX_TOOL_ROUNDS) {
                            return Flux.empty();
                        }
                        return Mono.fromCallable(() -> tools.executeToolCalls(prompt, request))
                                .subscribeOn(Schedulers.boundedElastic())
                                .flatMapMany(result -> round(new Prompt(result.conversationHistory(), prompt.getOptions()),
                                        depth + 1));
                    }));
        });
    }

    private static String text(ChatResponse response) {
        if (response.getResult() == null || response.getResult().getOutput() == null) {
            return null;
        }
        String text = response.getResult().getOutput().getText();
        return text == null || text.isEmpty() ? null : text;
    }

    private List<Message> messages(Narration n) {
        List<Message> messages = new ArrayList<>();
        messages.add(new SystemMessage(system(n)));
        for (ConversationTurn turn : n.history()) {
            if (turn.content() == null || turn.content().isBlank()) {
                continue;
            }
            messages.add(ConversationTurn.USER.equals(turn.role()) ? new UserMessage(turn.content())
                    : new AssistantMessage(turn.content()));
        }
        messages.add(new UserMessage(n.message()));
        return messages;
    }

    private String system(Narration n) {
        StringBuilder s = new StringBuilder("""
                You are the narrator of a location-based augmented-reality game. Answer in the second person, \
                vividly but briefly (two to four sentences). Never claim that something happened in the game \
                unless the game result below says so.
                """);
        s.append("\nPlace: ").append(n.world().zoneName()).append(". ").append(n.world().zoneDescription());
        s.append("\nItems nearby: ").append(describe(n.world().itemsInReach()));
        s.append("\nThe player carries: ").append(describe(n.world().inventory()));
        if (n.result() != null) {
            s.append("\nGame result of the player's command (the truth; narrate it): ").append(json.writeString(resultSummary(n.result())));
        }
        if (n.intent() instanceof Intent.Talk talk) {
            Npc npc = talk.npc();
            s.append("\n\nThe player speaks to ").append(npc.displayName()).append(". Answer as ")
                    .append(npc.displayName()).append(", in character, in the first person. Character: ")
                    .append(npc.description()).append(' ').append(npc.persona());
        } else if (n.kind() == Narration.Kind.CHAT && !n.actions().commands().isEmpty()) {
            s.append("\n\nIf the player asks to do something in the game, call the matching tool first, before writing any text "
                    + "(the player sees the world change before the story); do not pretend.");
        }
        return s.toString();
    }

    private static java.util.Map<String, Object> resultSummary(io.gaia.events.ActionResponse result) {
        java.util.Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("action", result.action());
        summary.put("success", result.success());
        summary.put("message", result.message());
        if (result.code() != null) {
            summary.put("code", result.code());
        }
        summary.put("metadata", result.metadata());
        return summary;
    }

    private static String describe(List<Thing> things) {
        return things.isEmpty() ? "nothing" : things.stream()
                .map(t -> t.label() + " (" + t.id() + ")" + (t.description().isBlank() ? "" : ": " + t.description()))
                .collect(Collectors.joining("; "));
    }
}
