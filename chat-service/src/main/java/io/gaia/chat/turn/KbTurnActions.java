package io.gaia.chat.turn;

import io.gaia.chat.kb.ChatKb;
import io.gaia.chat.narrative.TurnActions;
import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tool calls of a hosted model during one turn: run as the user, deltas straight into the turn's stream. */
final class KbTurnActions implements TurnActions {

    private final ChatKb kb;
    private final ChatTurnRequest request;
    private final TurnStream stream;
    private final List<Command> commands;
    private final Duration timeout;
    private final List<ActionResponse> results = new ArrayList<>();

    KbTurnActions(ChatKb kb, ChatTurnRequest request, TurnStream stream, List<Command> commands, Duration timeout) {
        this.kb = kb;
        this.request = request;
        this.stream = stream;
        this.commands = commands;
        this.timeout = timeout;
    }

    @Override
    public List<Command> commands() {
        return commands;
    }

    @Override
    public ActionResponse run(String action, Map<String, Object> params) {
        if (commands.stream().noneMatch(c -> c.name().equals(action))) {
            throw new IllegalArgumentException("unknown command " + action);
        }
        ActionResponse response = kb.act(request.user().token(),
                new ActionRequest(request.experience(), action, params, request.requestId())).block(timeout);
        response.events().forEach(stream::worldUpdate);
        synchronized (results) {
            results.add(response);
        }
        return response;
    }

    List<ActionResponse> results() {
        synchronized (results) {
            return List.copyOf(results);
        }
    }
}
