package io.gaia.kb.web;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.kb.command.ActionService;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.web.ErrorResponses;
import io.gaia.support.web.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /actions} and {@code POST /experience/interact}: a command as the token's user. A
 * refused command answers with its code's status and an {@link ActionResponse} body. The action's
 * request id (the body's {@code request_id}, else the request's {@code X-Request-Id}, else a new one)
 * goes into its deltas' metadata and into one log line per action.
 */
@RestController
class ActionController {

    private static final Logger log = LoggerFactory.getLogger(ActionController.class);

    private final ActionService actions;

    ActionController(ActionService actions) {
        this.actions = actions;
    }

    @PostMapping("/actions")
    Mono<ResponseEntity<ActionResponse>> act(AuthenticatedUser user, @RequestBody ActionRequest body, ServerWebExchange exchange) {
        String given = RequestIds.checked(body.requestId());
        String requestId = given != null ? given : RequestIds.of(exchange);
        ActionRequest request = new ActionRequest(body.experience(), body.action(), body.params(), requestId);
        return Mono.defer(() -> Mono.fromFuture(actions.perform(user, request)))
                .doOnNext(response -> logAction(user, request.experience(), requestId, response))
                .map(ActionController::withStatus);
    }

    /** The earlier system's natural-language endpoint: {@code {message, experience}}. */
    @PostMapping("/experience/interact")
    Mono<ResponseEntity<ActionResponse>> interact(AuthenticatedUser user, @RequestBody InteractRequest request,
                                                  ServerWebExchange exchange) {
        String requestId = RequestIds.of(exchange);
        return Mono.defer(() -> Mono.fromFuture(actions.interact(user, request.experience(), request.message(), requestId)))
                .doOnNext(response -> logAction(user, request.experience(), requestId, response))
                .map(ActionController::withStatus);
    }

    static ResponseEntity<ActionResponse> withStatus(ActionResponse response) {
        return ResponseEntity.status(response.success() ? org.springframework.http.HttpStatus.OK
                : ErrorResponses.statusOf(response.code())).body(response);
    }

    /** One line per action (silence with logging.level.io.gaia.kb.web.ActionController=warn). */
    private static void logAction(AuthenticatedUser user, String experience, String requestId, ActionResponse response) {
        if (log.isInfoEnabled()) {
            RequestIds.logWith(requestId, () -> log.info("action {} by {} in {}: {} ({} deltas, versions {})",
                    response.action(), user.userId(), experience, response.success() ? "ok" : response.code(),
                    response.events().size(), response.metadata().get("versions")));
        }
    }
}
