package io.gaia.kb.bench;

import io.gaia.events.ActionRequest;
import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.kb.KbHeaders;
import io.gaia.events.kb.KbOperation;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The same request as {@link io.gaia.support.kb.KbClient#action} with jnats' own request-reply and
 * nothing decoded but the status header: what kb-service can do when the client costs next to nothing
 * ({@code -Dbench.client=raw}). Not a client for services: no retries, no answers in parts.
 */
final class RawKbCalls implements NatsPlayers.Calls {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final Connection nats;
    private final GaiaJson json = GaiaJson.create();

    RawKbCalls(Connection nats) {
        this.nats = nats;
    }

    @Override
    public CompletableFuture<Boolean> action(ActionRequest request, String token) {
        Headers headers = new Headers().put(KbHeaders.AUTHORIZATION, io.gaia.support.jwt.BearerToken.PREFIX + token)
                .put(KbHeaders.REQUEST_ID, request.requestId());
        return nats.requestWithTimeout(Subjects.kbRequest(request.experience(), KbOperation.ACTION), headers,
                json.write(request), TIMEOUT).thenApply(RawKbCalls::succeeded);
    }

    private static boolean succeeded(Message reply) {
        if (reply.isStatusMessage()) {
            throw new IllegalStateException("NATS answered " + reply.getStatus().getMessageWithCode());
        }
        String status = reply.getHeaders() == null ? null : reply.getHeaders().getFirst(KbHeaders.STATUS);
        if (status == null || status.startsWith("5")) {
            throw new IllegalStateException("kb-service answered " + status);
        }
        return "200".equals(status);
    }
}
