package io.gaia.kb.command;

import io.gaia.events.ActionResponse;

/**
 * An action's answer and its JSON as remembered for its request id (null when it was not encoded, e.g. a
 * refusal before queueing), so the NATS reply sends those bytes instead of encoding the answer again.
 */
public record ActionAnswer(ActionResponse response, byte[] json) {

    static ActionAnswer unencoded(ActionResponse response) {
        return new ActionAnswer(response, null);
    }
}
