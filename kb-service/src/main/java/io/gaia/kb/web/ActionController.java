package io.gaia.kb.web;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.kb.command.ActionService;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.web.ErrorResponses;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /actions} and {@code POST /experience/interact}: a command as the token's user. A
 * refused command answers with its code's status and an {@link ActionResponse} body.
 */
@RestController
class ActionController {

    private final ActionService actions;

    ActionController(ActionService actions) {
        this.actions = actions;
    }

    @PostMapping("/actions")
    Mono<ResponseEntity<ActionResponse>> act(AuthenticatedUser user, @RequestBody ActionRequest request) {
        return Mono.defer(() -> Mono.fromFuture(actions.perform(user, request))).map(ActionController::withStatus);
    }

    /** The earlier system's natural-language endpoint: {@code {message, experience}}. */
    @PostMapping("/experience/interact")
    Mono<ResponseEntity<ActionResponse>> interact(AuthenticatedUser user, @RequestBody InteractRequest request) {
        return Mono.defer(() -> Mono.fromFuture(actions.interact(user, request.experience(), request.message())))
                .map(ActionController::withStatus);
    }

    static ResponseEntity<ActionResponse> withStatus(ActionResponse response) {
        return ResponseEntity.status(response.success() ? org.springframework.http.HttpStatus.OK
                : ErrorResponses.statusOf(response.code())).body(response);
    }
}
