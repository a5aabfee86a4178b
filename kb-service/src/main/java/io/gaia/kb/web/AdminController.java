package io.gaia.kb.web;

import io.gaia.events.ErrorCodes;
import io.gaia.events.UserIds;
import io.gaia.kb.command.ActionService;
import io.gaia.kb.experience.StateModel;
import io.gaia.kb.world.ExperienceEngine;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.web.GaiaException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Raw state for admins: the world with its version and players, or one player's state. Read on the writer, so it is consistent. */
@RestController
class AdminController {

    private final ActionService actions;

    AdminController(ActionService actions) {
        this.actions = actions;
    }

    @GetMapping("/admin/experiences/{id}/state")
    Mono<Map<String, Object>> state(AuthenticatedUser user, @PathVariable String id) {
        return onWriter(user, id, tx -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("experience", id);
            out.put("state_model", tx.model().wireName());
            out.put("players", tx.playerIds());
            if (tx.model() == StateModel.SHARED) {
                out.put("world", tx.mapper().convertValue(tx.world(), Map.class));
            }
            return out;
        });
    }

    @GetMapping("/admin/experiences/{id}/players/{userId}")
    Mono<Map<String, Object>> player(AuthenticatedUser user, @PathVariable String id, @PathVariable String userId) {
        String problem = UserIds.problem(userId);
        if (problem != null) {
            return Mono.error(new GaiaException(ErrorCodes.INVALID_FIELD, problem));
        }
        return onWriter(user, id, tx -> {
            var player = tx.existingPlayer(userId).orElse(null);
            if (player == null) {
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("player", tx.mapper().convertValue(player, Map.class));
            if (tx.model() == StateModel.ISOLATED) {
                out.put("world", tx.mapper().convertValue(tx.worldOf(userId), Map.class));
            }
            return out;
        });
    }

    private Mono<Map<String, Object>> onWriter(AuthenticatedUser user, String id,
                                               java.util.function.Function<io.gaia.kb.world.Tx, Map<String, Object>> read) {
        if (!user.admin()) {
            return Mono.error(new GaiaException(ErrorCodes.FORBIDDEN, "admin token required"));
        }
        return Mono.defer(() -> {
            ExperienceEngine engine = actions.engineFor(id);
            return Mono.fromFuture(engine.submit(user.userId(), null, read))
                    .flatMap(outcome -> Mono.justOrEmpty(outcome.value()))
                    .switchIfEmpty(Mono.error(() -> new GaiaException(ErrorCodes.NOT_FOUND, "no such player in " + id)));
        }).onErrorMap(java.util.concurrent.CompletionException.class, e -> e.getCause() == null ? e : e.getCause());
    }
}
