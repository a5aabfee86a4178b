package io.gaia.kb.api;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.events.kb.CommandsSchema;
import io.gaia.events.kb.ExperienceInfo;
import io.gaia.events.kb.ExperienceList;
import io.gaia.events.kb.LocationRequest;
import io.gaia.events.kb.Npcs;
import io.gaia.events.kb.Waypoints;
import io.gaia.kb.command.ActionAnswer;
import io.gaia.kb.command.ActionService;
import io.gaia.kb.command.UpdateLocation;
import io.gaia.kb.experience.ExperienceCatalog;
import io.gaia.kb.experience.ExperienceContent;
import io.gaia.kb.world.ExperienceEngine;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.web.ErrorResponses;
import io.gaia.support.web.GaiaException;
import io.gaia.support.web.RequestIds;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * kb-service's API, whatever carries it: the HTTP controllers (curl, admin tools, external callers) and
 * the NATS responder (the other GAIA services) both call these methods, so a request means the same
 * thing on either path. The user always comes from a validated token; failures are
 * {@link GaiaException}s with a documented code.
 */
public final class KbApi {

    private static final Logger log = LoggerFactory.getLogger(KbApi.class);

    private final ExperienceCatalog catalog;
    private final ActionService actions;

    public KbApi(ExperienceCatalog catalog, ActionService actions) {
        this.catalog = catalog;
        this.actions = actions;
    }

    /**
     * Runs an action as {@code user}. Its request id is the body's {@code request_id}, else
     * {@code transportRequestId} (the request's {@code X-Request-Id}, or a new one); it goes into the
     * deltas' metadata and into one log line per action.
     */
    public Mono<ActionResponse> act(AuthenticatedUser user, ActionRequest body, String transportRequestId) {
        return actEncoded(user, body, transportRequestId).map(ActionAnswer::response);
    }

    /** As {@link #act}, with the answer's JSON when it was encoded to be remembered (the NATS reply sends it). */
    public Mono<ActionAnswer> actEncoded(AuthenticatedUser user, ActionRequest body, String transportRequestId) {
        String given = RequestIds.checked(body.requestId());
        String requestId = given != null ? given : transportRequestId;
        ActionRequest request = new ActionRequest(body.experience(), body.action(), body.params(), requestId);
        return Mono.defer(() -> Mono.fromFuture(actions.performEncoded(user, request)))
                .doOnNext(answer -> logAction(user, request.experience(), requestId, answer.response()));
    }

    /** The earlier system's natural-language action: a phrase read against what the player sees. */
    public Mono<ActionResponse> interact(AuthenticatedUser user, String experience, String message, String requestId) {
        if (message.length() > io.gaia.events.kb.InteractRequest.MAX_MESSAGE) {
            return Mono.error(new io.gaia.support.web.GaiaException(io.gaia.events.ErrorCodes.INVALID_FIELD,
                    "field 'message' is longer than " + io.gaia.events.kb.InteractRequest.MAX_MESSAGE));
        }
        return Mono.defer(() -> Mono.fromFuture(actions.interact(user, experience, message, requestId)))
                .doOnNext(response -> logAction(user, experience, requestId, response));
    }

    /** The status an action's answer travels with: 200, or its error code's status. */
    public static HttpStatus statusOf(ActionResponse response) {
        return response.success() ? HttpStatus.OK : ErrorResponses.statusOf(response.code());
    }

    /** The caller's area of interest; the first contact creates the player (that delta carries {@code requestId}). */
    public Mono<AreaOfInterest> areaOfInterest(AuthenticatedUser user, String experience, String requestId) {
        return Mono.defer(() -> {
            ExperienceEngine engine = actions.engineFor(experience);
            return Mono.fromFuture(actions.run(engine, user, requestId, io.gaia.kb.world.AreaOfInterest::build))
                    .map(ExperienceEngine.Outcome::value);
        }).onErrorMap(e -> ExperienceEngine.EngineException.in(e) != null, e -> {
            ExperienceEngine.EngineException refused = ExperienceEngine.EngineException.in(e);
            return new GaiaException(refused.code(), refused.getMessage());
        });
    }

    /** Same rules as the {@code update_location} action; answers with the area of interest, a refusal fails. */
    public Mono<AreaOfInterest> location(AuthenticatedUser user, String experience, LocationRequest fix, String requestId) {
        return Mono.defer(() -> {
            if (fix == null || fix.lat() == null) {
                throw new GaiaException(ErrorCodes.MISSING_FIELD, "missing required field 'lat'");
            }
            if (fix.lng() == null) {
                throw new GaiaException(ErrorCodes.MISSING_FIELD, "missing required field 'lng'");
            }
            ActionRequest request = new ActionRequest(experience, UpdateLocation.SPEC.name(),
                    Map.of("lat", fix.lat(), "lng", fix.lng()), requestId);
            return Mono.fromFuture(actions.perform(user, request)).map(response -> {
                if (!response.success()) {
                    throw new GaiaException(response.code(), response.message());
                }
                return response.areaOfInterest();
            });
        });
    }

    /** Every experience folder: loaded ones with a summary, broken ones with their errors. */
    public ExperienceList experiences() {
        return ExperienceViews.list(catalog);
    }

    public ExperienceInfo info(String experience) {
        return ExperienceViews.info(content(experience), actions.commands());
    }

    /** Every command as a JSON Schema, described by the experience's own game-logic docs where it has them. */
    public CommandsSchema commands(String experience) {
        return ExperienceViews.commands(content(experience), actions.commands());
    }

    public Waypoints waypoints(String experience) {
        return ExperienceViews.waypoints(content(experience));
    }

    public Npcs npcs(String experience) {
        return ExperienceViews.npcs(content(experience));
    }

    /**
     * Whether an experience exists here at all: throws {@code unknown_experience} or
     * {@code experience_unavailable} exactly as any other call about it would.
     */
    public void requireServable(String experience) {
        actions.requireServable(experience);
    }

    /** Content only: any instance answers from its catalog, whether or not it owns the experience. */
    private ExperienceContent content(String experience) {
        return actions.loadedContent(experience);
    }

    /** One line per action (silence with logging.level.io.gaia.kb.api.KbApi=warn). */
    private static void logAction(AuthenticatedUser user, String experience, String requestId, ActionResponse response) {
        if (log.isInfoEnabled()) {
            RequestIds.logWith(requestId, () -> log.info("action {} by {} in {}: {} ({} deltas, versions {})",
                    response.action(), user.userId(), experience, response.success() ? "ok" : response.code(),
                    response.events().size(), response.metadata().get("versions")));
        }
    }
}
