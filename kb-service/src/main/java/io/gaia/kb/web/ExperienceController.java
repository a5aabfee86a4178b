package io.gaia.kb.web;

import io.gaia.events.kb.AreaOfInterest;
import io.gaia.events.kb.CommandsSchema;
import io.gaia.events.kb.ExperienceInfo;
import io.gaia.events.kb.ExperienceList;
import io.gaia.events.kb.LocationRequest;
import io.gaia.events.kb.Npcs;
import io.gaia.events.kb.Waypoints;
import io.gaia.kb.api.KbApi;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.web.RequestIds;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Experiences as content (list, info, commands, waypoints, NPCs) and the caller's area of interest,
 * over HTTP; every answer comes from {@link KbApi}, as over NATS.
 */
@RestController
class ExperienceController {

    private final KbApi api;

    ExperienceController(KbApi api) {
        this.api = api;
    }

    @GetMapping("/experiences")
    ExperienceList list(AuthenticatedUser user) {
        return api.experiences();
    }

    @GetMapping("/experiences/{id}")
    ExperienceInfo info(AuthenticatedUser user, @PathVariable String id) {
        return api.info(id);
    }

    @GetMapping("/experiences/{id}/commands")
    CommandsSchema commands(AuthenticatedUser user, @PathVariable String id) {
        return api.commands(id);
    }

    @GetMapping("/experiences/{id}/waypoints")
    Waypoints waypoints(AuthenticatedUser user, @PathVariable String id) {
        return api.waypoints(id);
    }

    @GetMapping("/experiences/{id}/npcs")
    Npcs npcs(AuthenticatedUser user, @PathVariable String id) {
        return api.npcs(id);
    }

    @GetMapping("/experiences/{id}/area-of-interest")
    Mono<AreaOfInterest> areaOfInterest(AuthenticatedUser user, @PathVariable String id, ServerWebExchange exchange) {
        return api.areaOfInterest(user, id, RequestIds.of(exchange));
    }

    /** Same rules as the {@code update_location} action; answers with the area of interest. */
    @PostMapping("/experiences/{id}/location")
    Mono<AreaOfInterest> location(AuthenticatedUser user, @PathVariable String id, @RequestBody LocationRequest body,
                          ServerWebExchange exchange) {
        return api.location(user, id, body, RequestIds.of(exchange));
    }
}
