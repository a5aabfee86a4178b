package io.gaia.kb.interpret;

import reactor.core.publisher.Mono;

/** A language model asked one question: a system prompt and a user message, answered with text. */
public interface LanguageModel {

    /** The provider and model, for logs and metrics. */
    String name();

    Mono<String> answer(String system, String user);
}
