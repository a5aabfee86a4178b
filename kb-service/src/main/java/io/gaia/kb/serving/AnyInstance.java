package io.gaia.kb.serving;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.events.kb.InteractRequest;
import io.gaia.events.kb.LocationRequest;
import io.gaia.kb.api.KbApi;
import io.gaia.kb.nats.KbResponder;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.kb.KbClient;
import io.gaia.support.web.RequestIds;
import reactor.core.publisher.Mono;

/**
 * The HTTP API's calls that need an experience's engine, on whichever instance they arrive: here when
 * this instance serves the experience (always, without ownership), else forwarded over NATS to its owner
 * with the caller's token, through the same {@link KbClient} session-service and chat-service use (so the
 * answer is the owner's, and "nobody serves it yet" or {@code not_owner} is retried within its window).
 * An action always travels with a request id, so a retry runs it at most once.
 */
public final class AnyInstance {

    private final KbApi api;
    private final KbResponder responder;
    private final KbClient owner;
    private final boolean ownership;

    /** @param owner the client to reach the owner; null without ownership (every call stays here) */
    public AnyInstance(KbApi api, KbResponder responder, KbClient owner) {
        this.api = api;
        this.responder = responder;
        this.owner = owner;
        this.ownership = owner != null;
    }

    public Mono<ActionResponse> act(AuthenticatedUser user, ActionRequest body, String transportRequestId) {
        if (here(body.experience())) {
            return api.act(user, body, transportRequestId);
        }
        String given = RequestIds.checked(body.requestId());
        return owner.action(new ActionRequest(body.experience(), body.action(), body.params(),
                given != null ? given : transportRequestId), user.token());
    }

    /** The earlier system's natural-language action, on the owner (the phrase is read against its state). */
    public Mono<ActionResponse> interact(AuthenticatedUser user, InteractRequest body, String requestId) {
        return here(body.experience()) ? api.interact(user, body.experience(), body.message(), requestId)
                : owner.interact(body, user.token(), requestId);
    }

    public Mono<AreaOfInterest> areaOfInterest(AuthenticatedUser user, String experience, String requestId) {
        return here(experience) ? api.areaOfInterest(user, experience, requestId)
                : owner.areaOfInterest(experience, user.token());
    }

    public Mono<AreaOfInterest> location(AuthenticatedUser user, String experience, LocationRequest fix,
                                         String requestId) {
        if (here(experience) || fix == null || fix.lat() == null || fix.lng() == null) {
            return api.location(user, experience, fix, requestId); // a bad fix is refused here, as the owner would
        }
        return owner.updateLocation(experience, fix.lat(), fix.lng(), user.token());
    }

    private boolean here(String experience) {
        if (!ownership || responder.serves(experience)) {
            return true;
        }
        api.requireServable(experience); // unknown or broken: the same error here as at any owner
        return false;
    }
}
