package io.gaia.chat.narrative;

import io.gaia.chat.config.ChatProperties;
import io.gaia.events.GaiaJson;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Chooses the narrator from {@code gaia.chat.narrator.provider}: {@code offline} (default),
 * {@code anthropic} or {@code openai} (any OpenAI-compatible server: set {@code base-url}).
 * Hosted clients are built here from GAIA's own properties, with retries off: a failing provider
 * must end the turn with an error quickly, not stall it.
 */
@Configuration(proxyBeanMethods = false)
class NarratorConfiguration {

    @Bean
    @Primary
    Narrator narrator(ChatProperties properties, OfflineNarrator offline, GaiaJson json) {
        String provider = properties.narrator().provider();
        return switch (provider) {
            case "offline" -> offline;
            case "anthropic" -> anthropic(properties.anthropic(), json);
            case "openai" -> openai(properties.openai(), json);
            default -> throw new IllegalStateException("gaia.chat.narrator.provider must be offline, anthropic or openai, not '"
                    + provider + "'");
        };
    }

    static HostedNarrator anthropic(ChatProperties.Hosted p, GaiaJson json) {
        String fast = orDefault(p.fastModel(), "claude-haiku-4-5");
        AnthropicChatOptions.Builder defaults = AnthropicChatOptions.builder()
                .apiKey(required(p.apiKey(), "gaia.chat.anthropic.api-key (ANTHROPIC_API_KEY)"))
                .model(fast)
                .maxTokens(p.maxTokens())
                .timeout(p.timeout())
                .maxRetries(0);
        if (p.baseUrl() != null && !p.baseUrl().isBlank()) {
            defaults.baseUrl(p.baseUrl());
        }
        AnthropicChatModel model = AnthropicChatModel.builder().options(defaults.build()).build();
        return new HostedNarrator("anthropic", model, AnthropicChatOptions::builder, fast,
                orDefault(p.dialogueModel(), "claude-sonnet-4-5"), p.maxTokens(), json);
    }

    static HostedNarrator openai(ChatProperties.Hosted p, GaiaJson json) {
        String fast = orDefault(p.fastModel(), "gpt-4o-mini");
        OpenAiChatOptions.Builder defaults = OpenAiChatOptions.builder()
                // Local servers (Ollama, vLLM, llama.cpp) accept any key.
                .apiKey(orDefault(p.apiKey(), "not-needed"))
                .model(fast)
                .maxTokens(p.maxTokens())
                .timeout(p.timeout())
                .maxRetries(0);
        if (p.baseUrl() != null && !p.baseUrl().isBlank()) {
            defaults.baseUrl(p.baseUrl());
        }
        OpenAiChatModel model = OpenAiChatModel.builder().options(defaults.build()).build();
        return new HostedNarrator("openai", model, OpenAiChatOptions::builder, fast,
                orDefault(p.dialogueModel(), fast), p.maxTokens(), json);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is required for the anthropic narrator");
        }
        return value;
    }
}
