package io.gaia.session.kb;

import io.gaia.support.web.RequestIds;
import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.CodecException;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.events.kb.CommandsSchema;
import io.gaia.events.kb.LocationRequest;
import io.gaia.session.config.SessionProperties;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/**
 * kb-service's HTTP API as this service uses it, always as the connected user (their JWT is
 * forwarded; kb-service takes the user id from it). Failures become {@link KbException} with a
 * documented code: kb's own code when it sent one, {@code upstream_unavailable} or {@code timeout}
 * when it could not be reached.
 */
@Component
public class KbClient {

    private final WebClient http;
    private final GaiaJson json;
    /** Reads kb-service's answers: bounded by {@code gaia.session.kb-max-response-size}, not by the client frame limit. */
    private final GaiaJson answers;
    private final int maxResponseBytes;
    private final Duration timeout;

    public KbClient(GaiaJson json, SessionProperties properties) {
        // A dedicated pool: every socket's actions share it, so it is sized for many players at once.
        ConnectionProvider pool = ConnectionProvider.builder("kb-service").maxConnections(128)
                .pendingAcquireMaxCount(100_000).build();
        this.http = WebClient.builder()
                .baseUrl(properties.kbUrl())
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
                .filter(RequestIds.propagate())
                .build();
        this.maxResponseBytes = (int) Math.min(Integer.MAX_VALUE - 8, properties.kbMaxResponseSize().toBytes());
        this.json = json;
        this.answers = GaiaJson.withMaxBytes(maxResponseBytes);
        this.timeout = properties.kbTimeout();
    }

    /** The largest kb-service answer read; a bigger one fails with {@code payload_too_large}. */
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /** Runs an action. A refused command is a normal {@link ActionResponse} with {@code success:false}. */
    public Mono<ActionResponse> action(ActionRequest request, String token) {
        return http.post().uri("/actions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .headers(headers -> {
                    if (RequestIds.isSafe(request.requestId())) {
                        headers.set(RequestIds.HEADER, request.requestId());
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.write(request))
                .exchangeToMono(response -> body(response).map(bytes -> actionResponse(request, response.statusCode(), bytes)))
                .transform(this::guard);
    }

    /** The caller's area of interest; kb-service creates the player on first contact. */
    /**
     * For a call that must not fail just because kb-service is restarting (a socket's first area of
     * interest, a resume's snapshot): tries again while kb-service is unreachable or answers 503, four
     * times within about 4 s (250 ms, 500 ms, 1 s, 2 s); then the last failure stands. A timeout is not
     * retried (it already cost the whole kb-timeout).
     */
    public static Retry whileRestarting() {
        return Retry.backoff(4, Duration.ofMillis(250)).maxBackoff(Duration.ofSeconds(2))
                .filter(KbClient::restarting)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    /** True for a failure that means kb-service is not (yet) there: unreachable, or a 503. */
    public static boolean restarting(Throwable e) {
        return e instanceof KbException kb && (kb.status() == 503
                || (ErrorCodes.UPSTREAM_UNAVAILABLE.equals(kb.code()) && kb.status() != 502));
    }

    public Mono<AreaOfInterest> areaOfInterest(String experience, String token) {
        return get("/experiences/{id}/area-of-interest", experience, token).map(body -> read(body, AreaOfInterest.class));
    }

    public Mono<AreaOfInterest> updateLocation(String experience, double lat, double lng, String token) {
        return http.post().uri("/experiences/{id}/location", experience)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.write(new LocationRequest(lat, lng)))
                .exchangeToMono(response -> body(response).map(bytes -> tree(response.statusCode(), bytes)))
                .map(body -> read(body, AreaOfInterest.class))
                .transform(this::guard);
    }

    public Mono<CommandsSchema> commands(String experience, String token) {
        return get("/experiences/{id}/commands", experience, token).map(body -> read(body, CommandsSchema.class));
    }

    /** A kb-service answer as its record; a body of the wrong shape fails like an unreadable one. */
    private <T> T read(JsonNode body, Class<T> type) {
        return answers.convert(body, type);
    }

    private Mono<JsonNode> get(String path, String experience, String token) {
        return http.get().uri(path, experience)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchangeToMono(response -> body(response).map(bytes -> tree(response.statusCode(), bytes)))
                .transform(this::guard);
    }

    private Mono<byte[]> body(ClientResponse response) {
        return DataBufferUtils.join(response.body((message, context) -> message.getBody()), maxResponseBytes)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0]);
    }

    private ActionResponse actionResponse(ActionRequest request, HttpStatusCode status, byte[] bytes) {
        JsonNode body = parse(status, bytes);
        if (body.has("action") && body.has("success")) {
            return answers.convert(body, ActionResponse.class);
        }
        throw failure(status, body);
    }

    private JsonNode tree(HttpStatusCode status, byte[] bytes) {
        JsonNode body = parse(status, bytes);
        if (status.is2xxSuccessful()) {
            return body;
        }
        throw failure(status, body);
    }

    private JsonNode parse(HttpStatusCode status, byte[] bytes) {
        if (bytes.length == 0) {
            return answers.mapper().createObjectNode();
        }
        try {
            return answers.readTree(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (CodecException e) {
            throw new KbException(status.is5xxServerError() ? ErrorCodes.UPSTREAM_UNAVAILABLE : ErrorCodes.INTERNAL_ERROR,
                    "kb-service answered " + status.value() + " with an unreadable body", status.value());
        }
    }

    private static KbException failure(HttpStatusCode status, JsonNode body) {
        String code = body.path("code").isString() ? body.path("code").asString()
                : status.value() == 404 ? ErrorCodes.NOT_FOUND : ErrorCodes.UPSTREAM_UNAVAILABLE;
        String message = body.path("message").isString() ? body.path("message").asString()
                : "kb-service answered " + status.value();
        return new KbException(code, message, status.value());
    }

    private <T> Mono<T> guard(Mono<T> call) {
        return call.timeout(timeout)
                .onErrorMap(TimeoutException.class,
                        e -> new KbException(ErrorCodes.TIMEOUT, "kb-service did not answer within " + timeout, 504))
                .onErrorMap(WebClientRequestException.class,
                        e -> new KbException(ErrorCodes.UPSTREAM_UNAVAILABLE, "kb-service is unreachable", 503))
                .onErrorMap(e -> e instanceof ConnectException,
                        e -> new KbException(ErrorCodes.UPSTREAM_UNAVAILABLE, "kb-service is unreachable", 503))
                .onErrorMap(DataBufferLimitException.class,
                        e -> new KbException(ErrorCodes.PAYLOAD_TOO_LARGE, "kb-service's answer exceeds "
                                + maxResponseBytes + " bytes (gaia.session.kb-max-response-size)", 502))
                .onErrorMap(CodecException.class,
                        e -> new KbException(ErrorCodes.UPSTREAM_UNAVAILABLE, "kb-service sent an unreadable answer: "
                                + e.getMessage(), 502));
    }
}
