package io.gaia.kb.nats;

import io.gaia.events.ActionRequest;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.kb.InteractRequest;
import io.gaia.events.kb.KbHeaders;
import io.gaia.events.kb.KnownExperience;
import io.gaia.events.kb.LocationRequest;
import io.gaia.kb.api.KbApi;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.jwt.BearerToken;
import io.gaia.support.jwt.JwtValidator;
import io.gaia.support.web.GaiaException;
import io.gaia.support.web.RequestIds;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import reactor.core.publisher.Mono;

/**
 * Reads one NATS request and answers it through {@link KbApi}: the same checks and the same command
 * path as the HTTP controllers. The user comes only from the {@code Authorization} header's token,
 * validated as over HTTP; a failure is a {@link GaiaException} (or a token/codec error) that the
 * responder turns into an {@code ErrorBody} with its status.
 */
public final class KbRequests {

    /**
     * An answer and the HTTP-equivalent status it travels with; the body is a record to encode, or an
     * {@link io.gaia.kb.command.ActionAnswer} whose JSON is sent as it is.
     */
    public record Answer(int status, Object body) {
    }

    private final KbApi api;
    private final JwtValidator jwt;
    private final GaiaJson json;
    private final int maxRequestBytes;

    public KbRequests(KbApi api, JwtValidator jwt, GaiaJson json, int maxRequestBytes) {
        this.api = api;
        this.jwt = jwt;
        this.json = json;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** The answer to {@code message}; reading, authenticating and queueing happen on the caller's thread. */
    public Mono<Answer> answer(Message message) {
        byte[] body = message.getData() == null ? new byte[0] : message.getData();
        if (body.length > maxRequestBytes) {
            throw new GaiaException(ErrorCodes.PAYLOAD_TOO_LARGE, "request body larger than " + maxRequestBytes
                    + " bytes");
        }
        AuthenticatedUser user = jwt.validate(bearer(message.getHeaders()));
        String catalogQuestion = Subjects.experienceOfKbCatalog(message.getSubject());
        if (catalogQuestion != null) {
            api.requireServable(catalogQuestion);
            return ok(new KnownExperience(catalogQuestion));
        }
        Subjects.KbRequestSubject target = Subjects.parseKbRequest(message.getSubject());
        if (target == null) {
            throw new GaiaException(ErrorCodes.NOT_FOUND, "no such kb operation");
        }
        String experience = target.experienceId();
        String requestId = requestId(message.getHeaders());
        return switch (target.operation()) {
            case ACTION -> {
                ActionRequest request = json.read(body, ActionRequest.class);
                if (!experience.equals(request.experience())) {
                    throw new GaiaException(ErrorCodes.INVALID_FIELD, "field 'experience' differs from the experience"
                            + " the request was sent to");
                }
                yield api.actEncoded(user, request, requestId).map(answer -> new Answer(
                        KbApi.statusOf(answer.response()).value(), answer.json() != null ? answer : answer.response()));
            }
            case AREA_OF_INTEREST -> api.areaOfInterest(user, experience, requestId).map(KbRequests::okAnswer);
            case LOCATION -> api.location(user, experience, json.read(body, LocationRequest.class), requestId)
                    .map(KbRequests::okAnswer);
            case COMMANDS -> ok(api.commands(experience));
            case NPCS -> ok(api.npcs(experience));
            case WAYPOINTS -> ok(api.waypoints(experience));
            case INFO -> ok(api.info(experience));
            case INTERACT -> {
                InteractRequest request = json.read(body, InteractRequest.class);
                if (!experience.equals(request.experience())) {
                    throw new GaiaException(ErrorCodes.INVALID_FIELD, "field 'experience' differs from the experience"
                            + " the request was sent to");
                }
                yield api.interact(user, experience, request.message(), requestId)
                        .map(response -> new Answer(KbApi.statusOf(response).value(), response));
            }
        };
    }

    private static Mono<Answer> ok(Object body) {
        return Mono.just(okAnswer(body));
    }

    private static Answer okAnswer(Object body) {
        return new Answer(200, body);
    }

    private static String bearer(Headers headers) {
        return BearerToken.of(headers == null ? null : headers.getFirst(KbHeaders.AUTHORIZATION));
    }

    /** The caller's request id when it follows the rule, else a new one (as for an HTTP header). */
    private static String requestId(Headers headers) {
        String value = headers == null ? null : headers.getFirst(KbHeaders.REQUEST_ID);
        return RequestIds.isSafe(value) ? value : RequestIds.generate();
    }
}
