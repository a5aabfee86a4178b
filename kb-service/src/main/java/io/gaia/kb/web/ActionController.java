package io.gaia.kb.web;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.kb.InteractRequest;
import io.gaia.kb.api.KbApi;
import io.gaia.kb.serving.AnyInstance;
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
 * {@link KbApi} (the same path as over NATS), on the owner of the experience ({@link AnyInstance}). A refused command answers with its code's status and an
 * {@link ActionResponse} body.
 */
@RestController
class ActionController {

    private final KbApi api;
    private final AnyInstance instances;

    ActionController(KbApi api, AnyInstance instances) {
        this.api = api;
        this.instances = instances;
    }

    @PostMapping("/actions")
    Mono<ResponseEntity<ActionResponse>> act(AuthenticatedUser user, @RequestBody ActionRequest body, ServerWebExchange exchange) {
        return instances.act(user, body, RequestIds.of(exchange)).map(ActionController::withStatus);
    }

    /** The earlier system's natural-language endpoint: {@code {message, experience}}. */
    @PostMapping("/experience/interact")
    Mono<ResponseEntity<ActionResponse>> interact(AuthenticatedUser user, @RequestBody InteractRequest request,
                                                  ServerWebExchange exchange) {
        return instances.interact(user, request, RequestIds.of(exchange)).map(ActionController::withStatus);
    }

    static ResponseEntity<ActionResponse> withStatus(ActionResponse response) {
        return ResponseEntity.status(KbApi.statusOf(response)).body(response);
    }
}
