package io.gaia.chat.narrative;

import reactor.core.publisher.Flux;

/** Turns a {@link Narration} into text, streamed as it is produced (any piece size; the chunker re-cuts it). */
public interface Narrator {

    /** Provider name as reported in the stream's metadata: offline, anthropic, openai. */
    String provider();

    /** The model that will narrate this kind of turn. */
    String model(Narration.Kind kind);

    Flux<String> narrate(Narration narration);

    /** Whether this narrator can call kb commands itself (tool calling) during open dialogue. */
    default boolean callsTools() {
        return false;
    }
}
