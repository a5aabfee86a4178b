package io.gaia.kb.interpret;

import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.kb.experience.AuthoredCommand;
import io.gaia.kb.experience.AuthoredCommandReader;
import io.gaia.kb.experience.ExperienceContent;
import io.gaia.kb.experience.ModelPatch;
import io.gaia.support.web.GaiaException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The logic pass of a command written as prose: the page's rules, the player's situation and the
 * documented effect vocabulary go to the language model, which answers one JSON object
 * ({@link ModelPatch}); the answer is read and checked like a page before the engine sees it. Also
 * reads a phrase that names no command: the model may pick one of the experience's commands. The
 * narrative (the second pass) is chat-service's, after the world_updates.
 */
public final class Interpreter {

    private static final Logger log = LoggerFactory.getLogger(Interpreter.class);
    /** Largest situation sent to the model. */
    static final int MAX_SITUATION_BYTES = 48 * 1024;

    private final LanguageModel model;
    private final GaiaJson json;
    private final Duration timeout;

    public Interpreter(LanguageModel model, GaiaJson json, Duration timeout) {
        this.model = model;
        this.json = json;
        this.timeout = timeout;
    }

    /** A command the model chose for a phrase: its name and params, or none ({@code command} null) with why. */
    public record Choice(String command, Map<String, Object> params, String message) {
    }

    public Mono<ModelPatch> logic(ExperienceContent content, AuthoredCommand command, Map<String, Object> params,
                                  Map<String, Object> situation) {
        String user = "Command: " + command.name() + "\nDescription: " + command.description() + "\nParameters: "
                + json.writeString(params) + "\n\nThe command's rules, as the author wrote them:\n" + bodyOf(command)
                + "\n\nThe situation now:\n" + situation(situation);
        return ask(LogicPrompt.SYSTEM, user, command.name()).map(answer -> {
            List<String> errors = new ArrayList<>();
            ModelPatch patch = AuthoredCommandReader.readPatch(json, content, answer, errors);
            if (!errors.isEmpty() || patch == null) {
                log.info("language model answer for '{}' in '{}' refused: {}", command.name(), content.id(), errors);
                throw new GaiaException(ErrorCodes.PATCH_REFUSED, "The language model's answer to '" + command.name()
                        + "' was refused whole, nothing changed: " + String.join("; ", errors.subList(0, Math.min(5, errors.size()))));
            }
            return patch;
        });
    }

    public Mono<Choice> choose(String phrase, List<Map<String, Object>> commands, Map<String, Object> situation) {
        String user = "The player said: " + phrase + "\n\nThe commands:\n" + json.writeString(commands)
                + "\n\nThe situation now:\n" + situation(situation);
        return ask(LogicPrompt.CHOOSE, user, "interact").map(answer -> {
            Map<?, ?> map;
            try {
                map = json.read(AuthoredCommandReader.jsonOf(answer), Map.class);
            } catch (RuntimeException e) {
                throw new GaiaException(ErrorCodes.PATCH_REFUSED, "The language model's reading of the phrase was not "
                        + "a JSON object; nothing changed");
            }
            Object name = map.get("command");
            Object params = map.get("params");
            Object message = map.get("message");
            if (name != null && !(name instanceof String) || params != null && !(params instanceof Map<?, ?>)) {
                throw new GaiaException(ErrorCodes.PATCH_REFUSED, "The language model's reading of the phrase has "
                        + "the wrong shape (command: a string, params: an object); nothing changed");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = params == null ? Map.of() : new LinkedHashMap<>((Map<String, Object>) params);
            return new Choice((String) name, typed, message instanceof String s ? shorten(s) : null);
        });
    }

    private Mono<String> ask(String system, String user, String what) {
        long started = System.nanoTime();
        return model.answer(system, user)
                .timeout(timeout)
                .onErrorMap(TimeoutException.class, e -> new GaiaException(ErrorCodes.TIMEOUT, "The language model did not "
                        + "answer '" + what + "' within " + timeout.toSeconds() + " s; nothing changed"))
                .onErrorMap(e -> !(e instanceof GaiaException), e -> {
                    log.warn("language model {} failed for '{}': {}", model.name(), what, e.toString());
                    return new GaiaException(ErrorCodes.UPSTREAM_UNAVAILABLE, "The language model is unavailable; nothing changed");
                })
                .doOnNext(answer -> log.debug("language model {} answered '{}' in {} ms", model.name(), what,
                        (System.nanoTime() - started) / 1_000_000));
    }

    private String situation(Map<String, Object> situation) {
        String text = json.writeString(situation);
        if (text.length() > MAX_SITUATION_BYTES) {
            Map<String, Object> smaller = new LinkedHashMap<>(situation);
            smaller.remove("spots_here");
            text = json.writeString(smaller);
        }
        return text;
    }

    private static String bodyOf(AuthoredCommand command) {
        return command.prose() == null ? "(none)" : command.prose();
    }

    private static String shorten(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
