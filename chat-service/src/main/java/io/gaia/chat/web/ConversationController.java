package io.gaia.chat.web;

import io.gaia.chat.conversation.Conversation;
import io.gaia.chat.conversation.ConversationStore;
import io.gaia.events.ErrorCodes;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.web.GaiaException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /conversations/{id}}: the history, to its owner only; anyone else gets the same 404 as for an unknown id. */
@RestController
class ConversationController {

    private final ConversationStore conversations;

    ConversationController(ConversationStore conversations) {
        this.conversations = conversations;
    }

    @GetMapping("/conversations/{id}")
    Mono<Conversation> history(@PathVariable String id, AuthenticatedUser user) {
        if (!ConversationStore.VALID_ID.matcher(id).matches()) {
            return Mono.error(notFound());
        }
        return conversations.find(id)
                .filter(conversation -> conversation.ownedBy(user.userId()))
                .switchIfEmpty(Mono.error(ConversationController::notFound));
    }

    private static GaiaException notFound() {
        return new GaiaException(ErrorCodes.NOT_FOUND, "no such conversation");
    }
}
