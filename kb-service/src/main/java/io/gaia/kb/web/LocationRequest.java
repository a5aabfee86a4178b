package io.gaia.kb.web;

import io.gaia.events.ErrorCodes;
import io.gaia.support.web.GaiaException;

/** {@code POST /experiences/{id}/location} body: a GPS fix in degrees. */
record LocationRequest(Double lat, Double lng) {

    LocationRequest {
        if (lat == null) {
            throw new GaiaException(ErrorCodes.MISSING_FIELD, "missing required field 'lat'");
        }
        if (lng == null) {
            throw new GaiaException(ErrorCodes.MISSING_FIELD, "missing required field 'lng'");
        }
    }
}
