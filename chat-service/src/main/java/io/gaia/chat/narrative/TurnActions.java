package io.gaia.chat.narrative;

import io.gaia.events.ActionResponse;
import java.util.List;
import java.util.Map;

/**
 * The kb commands a model may call during one turn (tool calling), bound to the user's token and
 * the turn's stream: a call runs the command as the user and delivers its deltas at once.
 * Blocking by contract: model clients call tools on their own worker threads, never an event loop.
 */
public interface TurnActions {

    TurnActions NONE = new TurnActions() {
        @Override
        public List<Command> commands() {
            return List.of();
        }

        @Override
        public ActionResponse run(String action, Map<String, Object> params) {
            throw new IllegalStateException("no actions in this turn");
        }
    };

    /** The commands on offer, each with its JSON Schema as kb-service publishes it. */
    List<Command> commands();

    ActionResponse run(String action, Map<String, Object> params);

    record Command(String name, String description, String inputSchema) {
    }
}
