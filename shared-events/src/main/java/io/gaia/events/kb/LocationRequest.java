package io.gaia.events.kb;

import io.gaia.events.Required;

/** {@code POST /experiences/{id}/location}: a GPS fix in degrees; the answer is the {@link AreaOfInterest}. */
public record LocationRequest(Double lat, Double lng) {

    public LocationRequest {
        Required.present(lat, "lat");
        Required.present(lng, "lng");
    }
}
