package io.gaia.support.kb;

/**
 * Nobody serves the subject right now: nats-server answered the request with its 503 "no responders"
 * status, this service is not connected to NATS, or the owner answered that it is reopening the
 * experience ({@link #answer()}: what the call fails with if that lasts the whole retry window). Worth
 * trying again for a short while; never seen outside {@link KbClient}.
 */
final class NoResponders extends RuntimeException {

    private final transient KbException answer;

    NoResponders(String message) {
        this(message, null);
    }

    NoResponders(String message, KbException answer) {
        super(message, null, false, false);
        this.answer = answer;
    }

    /** kb-service's own answer to report if no later attempt succeeds; null when none answered. */
    KbException answer() {
        return answer;
    }
}
