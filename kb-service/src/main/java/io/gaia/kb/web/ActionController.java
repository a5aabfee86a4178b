package io.gaia.kb.web;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.kb.api.KbApi;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.web.RequestIds;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /actions} and {@code POST /experience/interact}: a command as the token's user, through
 * {@link KbApi} (the same path as over NATS). A refused command answers with its code's status and an
 * {@link ActionResponse} body.
 */
@RestController
class ActionController {

    private final KbApi api;

    ActionController(KbApi api) {
        this.api = api;
    }

    @PostMapping("/actions")
    Mono<ResponseEntity<ActionResponse>> act(AuthenticatedUser user, @RequestBody ActionRequest body, ServerWebExchange exchange) {
        return api.act(user, body, RequestIds.of(exchange)).map(ActionController::withStatus);
    }

    /** The earlier system's natural-language endpoint: {@code {message, experience}}. */
    @PostMapping("/experience/interact")
    Mono<ResponseEntity<ActionResponse>> interact(AuthenticatedUser user, @RequestBody InteractRequest request,
                                                  ServerWebExchange exchange) {
        return api.interact(user, request.experience(), request.message(), RequestIds.of(exchange))
                .map(ActionController::withStatus);
    }

    static ResponseEntity<ActionResponse> withStatus(ActionResponse response) {
        return ResponseEntity.status(KbApi.statusOf(response)).body(response);
    }
}
