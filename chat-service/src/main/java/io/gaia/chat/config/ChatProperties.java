package io.gaia.chat.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything chat-service can be told ({@code gaia.chat.*}). Defaults run offline: the built-in
 * narrator, conversations in JSON-lines files, kb-service reached over NATS ({@code gaia.nats.url}).
 */
@ConfigurationProperties("gaia.chat")
public record ChatProperties(
        @DefaultValue("wylding-woods") String defaultExperience,
        @DefaultValue("5s") Duration kbTimeout,
        /* Largest kb-service answer read (an area of interest of a 10,000-item zone is about 2-3 MB); bigger: payload_too_large. */
        @DefaultValue("16MB") DataSize kbMaxResponseSize,
        /* How long a kb-service call keeps trying while no kb-service serves the experience; then upstream_unavailable. */
        @DefaultValue("5s") Duration kbRetryWindow,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("60s") Duration turnTimeout,
        @DefaultValue Narrator narrator,
        @DefaultValue Hosted anthropic,
        @DefaultValue Hosted openai,
        @DefaultValue Conversations conversations) {

    /** Which narrator speaks, and how fast the offline one paces its chunks. */
    public record Narrator(
            @DefaultValue("offline") String provider,
            @DefaultValue("40ms") Duration chunkDelay,
            @DefaultValue("3") int wordsPerChunk,
            @DefaultValue("30s") Duration timeout) {
    }

    /**
     * A hosted model provider. {@code fastModel} narrates simple commands; {@code dialogueModel}
     * handles open dialogue and NPC conversation, where quality matters more than speed.
     */
    public record Hosted(
            String apiKey,
            String baseUrl,
            String fastModel,
            String dialogueModel,
            @DefaultValue("512") int maxTokens,
            @DefaultValue("30s") Duration timeout) {
    }

    /** {@code store}: {@code file} (default, one JSON-lines file per conversation) or {@code jdbc} (shared). */
    public record Conversations(
            @DefaultValue("file") String store,
            @DefaultValue("data/conversations") Path dir,
            String jdbcUrl,
            String username,
            String password,
            @DefaultValue("20") int historyTurns) {
    }

    /** How this service calls kb-service (over NATS; there is no kb URL). */
    public io.gaia.support.kb.KbClientSettings kbClient() {
        return new io.gaia.support.kb.KbClientSettings(kbTimeout,
                (int) Math.min(Integer.MAX_VALUE - 8, kbMaxResponseSize.toBytes()), kbRetryWindow);
    }
}
