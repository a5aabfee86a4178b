package io.gaia.session.message;

import io.gaia.events.ErrorCodes;
import tools.jackson.databind.JsonNode;

/** Reading typed fields out of a client frame; each failure names the field. */
final class Fields {

    private Fields() {
    }

    static String requiredText(JsonNode frame, String field, int maxLength) {
        JsonNode node = frame.get(field);
        if (node == null || node.isNull()) {
            throw new BadFrame(ErrorCodes.MISSING_FIELD, field, "missing required field '" + field + "'");
        }
        if (!node.isString() || node.asString().isBlank()) {
            throw new BadFrame(ErrorCodes.INVALID_FIELD, field, "field '" + field + "' must be a non-empty string");
        }
        if (node.asString().length() > maxLength) {
            throw new BadFrame(ErrorCodes.INVALID_FIELD, field, "field '" + field + "' is longer than " + maxLength);
        }
        return node.asString();
    }

    static String optionalText(JsonNode frame, String field, int maxLength) {
        JsonNode node = frame.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return requiredText(frame, field, maxLength);
    }

    static double requiredNumber(JsonNode frame, String field, double min, double max) {
        JsonNode node = frame.get(field);
        if (node == null || node.isNull()) {
            throw new BadFrame(ErrorCodes.MISSING_FIELD, field, "missing required field '" + field + "'");
        }
        if (!node.isNumber() || !Double.isFinite(node.asDouble()) || node.asDouble() < min || node.asDouble() > max) {
            throw new BadFrame(ErrorCodes.INVALID_FIELD, field,
                    "field '" + field + "' must be a number between " + min + " and " + max);
        }
        return node.asDouble();
    }

    static Long optionalVersion(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
            throw new BadFrame(ErrorCodes.INVALID_FIELD, path, "field '" + path + "' must be a non-negative integer");
        }
        return node.asLong();
    }
}
