package io.gaia.kb.web;

import io.gaia.events.ActionRequest;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.events.kb.CommandsSchema;
import io.gaia.events.kb.ExperienceInfo;
import io.gaia.events.kb.ExperienceList;
import io.gaia.events.kb.LocationRequest;
import io.gaia.events.kb.Npcs;
import io.gaia.events.kb.Waypoints;
import io.gaia.kb.command.ActionService;
import io.gaia.kb.command.UpdateLocation;
import io.gaia.kb.experience.ExperienceCatalog;
import io.gaia.kb.experience.ExperienceContent;
import io.gaia.kb.world.ExperienceEngine;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.web.ErrorResponses;
import io.gaia.support.web.RequestIds;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Experiences as content (list, info, commands, waypoints, NPCs) and the caller's area of interest. */
@RestController
class ExperienceController {

    private final ExperienceCatalog catalog;
    private final ActionService actions;

    ExperienceController(ExperienceCatalog catalog, ActionService actions) {
        this.catalog = catalog;
        this.actions = actions;
    }

    @GetMapping("/experiences")
    ExperienceList list(AuthenticatedUser user) {
        return ExperienceViews.list(catalog);
    }

    @GetMapping("/experiences/{id}")
    ExperienceInfo info(AuthenticatedUser user, @PathVariable String id) {
        return ExperienceViews.info(content(id), actions.commands());
    }

    @GetMapping("/experiences/{id}/commands")
    CommandsSchema commands(AuthenticatedUser user, @PathVariable String id) {
        return ExperienceViews.commands(content(id), actions.commands());
    }

    @GetMapping("/experiences/{id}/waypoints")
    Waypoints waypoints(AuthenticatedUser user, @PathVariable String id) {
        return ExperienceViews.waypoints(content(id));
    }

    @GetMapping("/experiences/{id}/npcs")
    Npcs npcs(AuthenticatedUser user, @PathVariable String id) {
        return ExperienceViews.npcs(content(id));
    }

    @GetMapping("/experiences/{id}/area-of-interest")
    Mono<AreaOfInterest> areaOfInterest(AuthenticatedUser user, @PathVariable String id, ServerWebExchange exchange) {
        return Mono.defer(() -> {
            ExperienceEngine engine = actions.engineFor(id);
            // the first contact creates the player: that delta carries the request's id
            return Mono.fromFuture(actions.run(engine, user, RequestIds.of(exchange),
                    io.gaia.kb.world.AreaOfInterest::build))
                    .map(ExperienceEngine.Outcome::value);
        });
    }

    /** Same rules as the {@code update_location} action; answers with the area of interest. */
    @PostMapping("/experiences/{id}/location")
    Mono<ResponseEntity<Object>> location(AuthenticatedUser user, @PathVariable String id,
                                          @RequestBody LocationRequest body, ServerWebExchange exchange) {
        ActionRequest request = new ActionRequest(id, UpdateLocation.SPEC.name(),
                Map.of("lat", body.lat(), "lng", body.lng()), RequestIds.of(exchange));
        return Mono.defer(() -> Mono.fromFuture(actions.perform(user, request))).map(response -> response.success()
                ? ResponseEntity.ok(response.areaOfInterest())
                : ResponseEntity.status(ErrorResponses.statusOf(response.code()))
                        .body(io.gaia.events.ErrorBody.of(response.code(), response.message())));
    }

    private ExperienceContent content(String id) {
        return actions.engineFor(id).content();
    }
}
