package io.gaia.kb.web;

import io.gaia.events.ActionRequest;
import io.gaia.kb.command.ActionService;
import io.gaia.kb.command.CommandRegistry;
import io.gaia.kb.command.UpdateLocation;
import io.gaia.kb.experience.ExperienceCatalog;
import io.gaia.kb.experience.ExperienceContent;
import io.gaia.kb.experience.GameLogicDoc;
import io.gaia.kb.world.AreaOfInterest;
import io.gaia.kb.world.ExperienceEngine;
import io.gaia.kb.world.WorldQueries;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.web.ErrorResponses;
import io.gaia.support.web.RequestIds;
import java.util.LinkedHashMap;
import java.util.List;
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
    Map<String, Object> list(AuthenticatedUser user) {
        List<Map<String, Object>> out = catalog.entries().stream().map(entry -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", entry.id());
            e.put("loaded", entry.loaded());
            if (entry.loaded()) {
                e.putAll(ExperienceViews.summary(entry.content()));
            } else {
                e.put("errors", entry.errors());
            }
            return e;
        }).toList();
        return Map.of("experiences", out);
    }

    @GetMapping("/experiences/{id}")
    Map<String, Object> info(AuthenticatedUser user, @PathVariable String id) {
        return ExperienceViews.info(content(id), actions.commands());
    }

    @GetMapping("/experiences/{id}/commands")
    Map<String, Object> commands(AuthenticatedUser user, @PathVariable String id) {
        ExperienceContent content = content(id);
        Map<String, Object> schemas = new LinkedHashMap<>();
        for (CommandRegistry.Entry entry : actions.commands().all()) {
            Map<String, Object> schema = new LinkedHashMap<>(entry.spec().params().schema());
            schema.put("title", entry.spec().name());
            String description = content.logicFor(entry.spec().name()).map(GameLogicDoc::description)
                    .orElse(entry.spec().description());
            schema.put("description", description);
            content.logicFor(entry.spec().name()).ifPresent(doc -> schema.put("x-aliases", doc.aliases()));
            schema.put("x-admin", entry.spec().admin());
            schemas.put(entry.spec().name(), schema);
        }
        return Map.of("experience", id, "commands", schemas);
    }

    @GetMapping("/experiences/{id}/waypoints")
    Map<String, Object> waypoints(AuthenticatedUser user, @PathVariable String id) {
        return Map.of("experience", id, "waypoints", content(id).waypoints().stream().map(w -> Map.of(
                "id", w.id(), "name", w.name(), "zone", w.zone(), "lat", w.gps().lat(), "lng", w.gps().lng(),
                "radius_m", w.radiusM())).toList());
    }

    @GetMapping("/experiences/{id}/npcs")
    Map<String, Object> npcs(AuthenticatedUser user, @PathVariable String id) {
        ExperienceContent content = content(id);
        return Map.of("experience", id, "npcs", content.npcs().values().stream().sorted(
                java.util.Comparator.comparing(n -> n.id())).map(npc -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("id", npc.id());
                    out.put("name", npc.name());
                    out.put("description", npc.description());
                    out.put("persona", npc.persona());
                    WorldQueries.npcSpot(content.worldTemplate(), npc.id()).ifPresent(at -> out.put("location",
                            Map.of("zone_id", at.zoneId(), "area_id", at.areaId(), "spot_id", at.spotId())));
                    return out;
                }).toList());
    }

    @GetMapping("/experiences/{id}/area-of-interest")
    Mono<Map<String, Object>> areaOfInterest(AuthenticatedUser user, @PathVariable String id, ServerWebExchange exchange) {
        return Mono.defer(() -> {
            ExperienceEngine engine = actions.engineFor(id);
            // the first contact creates the player: that delta carries the request's id
            return Mono.fromFuture(actions.run(engine, user, RequestIds.of(exchange), AreaOfInterest::build))
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
                ? ResponseEntity.ok(response.metadata().get("area_of_interest"))
                : ResponseEntity.status(ErrorResponses.statusOf(response.code()))
                        .body(io.gaia.events.ErrorBody.of(response.code(), response.message())));
    }

    private ExperienceContent content(String id) {
        return actions.engineFor(id).content();
    }
}
