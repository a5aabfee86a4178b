package io.gaia.kb.interpret;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The language model that interprets content-defined commands written as prose ({@code gaia.kb.interpreter.*}).
 *
 * @param provider    {@code none} (default: prose-only commands answer {@code needs_language_model}),
 *                    {@code anthropic} or {@code openai} (any OpenAI-compatible server: set {@code base-url})
 * @param apiKey      the provider's key (anthropic: required; local OpenAI-compatible servers accept any)
 * @param baseUrl     the provider's URL, when not its public one
 * @param model       the model for the logic pass (low temperature, JSON only)
 * @param maxTokens   the longest answer asked for
 * @param timeout     how long one interpretation may take; then {@code timeout} and nothing changes
 * @param temperature the logic pass's temperature
 */
@ConfigurationProperties("gaia.kb.interpreter")
public record InterpreterProperties(
        @DefaultValue("none") String provider,
        String apiKey,
        String baseUrl,
        String model,
        @DefaultValue("1024") int maxTokens,
        @DefaultValue("15s") Duration timeout,
        @DefaultValue("0.1") double temperature) {

    public boolean configured() {
        return !"none".equals(provider);
    }
}
