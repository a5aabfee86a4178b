package io.gaia.kb.web;

import io.gaia.events.ErrorCodes;
import io.gaia.support.web.GaiaException;

/** {@code POST /experience/interact} body. */
record InteractRequest(String message, String experience) {

    static final int MAX_MESSAGE = 1_000;

    InteractRequest {
        if (message == null || message.isBlank()) {
            throw new GaiaException(ErrorCodes.MISSING_FIELD, "missing required field 'message'");
        }
        if (experience == null || experience.isBlank()) {
            throw new GaiaException(ErrorCodes.MISSING_FIELD, "missing required field 'experience'");
        }
        if (message.length() > MAX_MESSAGE) {
            throw new GaiaException(ErrorCodes.INVALID_FIELD, "field 'message' is longer than " + MAX_MESSAGE);
        }
    }
}
