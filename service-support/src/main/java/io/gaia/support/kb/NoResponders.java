package io.gaia.support.kb;

/**
 * Nobody serves the subject right now: nats-server answered the request with its 503 "no responders"
 * status, or this service is not connected to NATS. Worth trying again for a short while; never seen
 * outside {@link KbClient}.
 */
final class NoResponders extends RuntimeException {

    NoResponders(String message) {
        super(message, null, false, false);
    }
}
