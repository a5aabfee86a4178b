package io.gaia.kb.interpret;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.StreamingChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import reactor.core.publisher.Mono;

/**
 * A hosted model through Spring AI: Anthropic, or any OpenAI-compatible server (Ollama, vLLM, llama.cpp).
 * The answer is streamed and joined, so a slow model is cut by the caller's timeout as it streams.
 */
public final class HostedLanguageModel implements LanguageModel {

    private final String name;
    private final StreamingChatModel model;
    private final Supplier<ChatOptions> options;

    private HostedLanguageModel(String name, StreamingChatModel model, Supplier<ChatOptions> options) {
        this.name = name;
        this.model = model;
        this.options = options;
    }

    /** The configured model, or null when {@code provider} is {@code none}. */
    public static LanguageModel of(InterpreterProperties p) {
        return switch (p.provider()) {
            case "none" -> null;
            case "anthropic" -> anthropic(p);
            case "openai" -> openai(p);
            default -> throw new IllegalStateException("gaia.kb.interpreter.provider must be none, anthropic or openai, not '"
                    + p.provider() + "'");
        };
    }

    static HostedLanguageModel anthropic(InterpreterProperties p) {
        if (p.apiKey() == null || p.apiKey().isBlank()) {
            throw new IllegalStateException("gaia.kb.interpreter.api-key (ANTHROPIC_API_KEY) is required for anthropic");
        }
        String model = orDefault(p.model(), "claude-haiku-4-5");
        AnthropicChatOptions.Builder defaults = AnthropicChatOptions.builder().apiKey(p.apiKey()).model(model)
                .maxTokens(p.maxTokens()).temperature(p.temperature()).timeout(p.timeout()).maxRetries(0);
        if (p.baseUrl() != null && !p.baseUrl().isBlank()) {
            defaults.baseUrl(p.baseUrl());
        }
        AnthropicChatModel chat = AnthropicChatModel.builder().options(defaults.build()).build();
        return new HostedLanguageModel("anthropic/" + model, chat, () -> AnthropicChatOptions.builder().model(model)
                .maxTokens(p.maxTokens()).temperature(p.temperature()).build());
    }

    static HostedLanguageModel openai(InterpreterProperties p) {
        String model = orDefault(p.model(), "gpt-4o-mini");
        OpenAiChatOptions.Builder defaults = OpenAiChatOptions.builder().apiKey(orDefault(p.apiKey(), "not-needed"))
                .model(model).maxTokens(p.maxTokens()).temperature(p.temperature()).timeout(p.timeout()).maxRetries(0);
        if (p.baseUrl() != null && !p.baseUrl().isBlank()) {
            defaults.baseUrl(p.baseUrl());
        }
        OpenAiChatModel chat = OpenAiChatModel.builder().options(defaults.build()).build();
        return new HostedLanguageModel("openai/" + model, chat, () -> OpenAiChatOptions.builder().model(model)
                .maxTokens(p.maxTokens()).temperature(p.temperature()).build());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<String> answer(String system, String user) {
        Prompt prompt = new Prompt(List.of(new SystemMessage(system), new UserMessage(user)), options.get());
        return model.stream(prompt).mapNotNull(HostedLanguageModel::text).reduce(new StringBuilder(), StringBuilder::append)
                .map(StringBuilder::toString);
    }

    private static String text(ChatResponse response) {
        if (response.getResult() == null || response.getResult().getOutput() == null) {
            return null;
        }
        String text = response.getResult().getOutput().getText();
        return text == null || text.isEmpty() ? null : text;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
