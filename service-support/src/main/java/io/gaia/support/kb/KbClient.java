package io.gaia.support.kb;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.CodecException;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.kb.KbHeaders;
import io.gaia.events.kb.KbOperation;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.events.kb.CommandsSchema;
import io.gaia.events.kb.ExperienceInfo;
import io.gaia.events.kb.InteractRequest;
import io.gaia.events.kb.LocationRequest;
import io.gaia.events.kb.Npcs;
import io.gaia.events.kb.Waypoints;
import io.gaia.support.nats.NatsConnection;
import io.gaia.support.web.RequestIds;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * kb-service as every other service calls it: NATS request-reply on
 * {@code kb.request.<experience>.<operation>}, always as the user (their JWT travels in the
 * {@code Authorization} header and kb-service validates it exactly as over HTTP).
 *
 * <p>Failures are {@link KbException}s: kb-service's own code and status when it answered with an
 * {@code ErrorBody}; {@code upstream_unavailable} when no kb-service serves the experience for the whole
 * {@link KbClientSettings#retryWindow() retry window} (every call is tried again, with backoff, while
 * nats-server reports "no responders": kb-service restarting, or the experience moving to another
 * instance); {@code timeout} after {@link KbClientSettings#timeout()}; {@code payload_too_large} for an
 * answer above {@link KbClientSettings#maxResponseBytes()}. A refused action is not a failure: it is an
 * {@link ActionResponse} with {@code success:false}.
 *
 * <p>A call that may have run is tried again only when repeating it is safe ({@link #repeatable}): a read,
 * or a write with a request id (kb-service runs each request id at most once and answers a repeat with
 * the first answer). Such a call is tried again after {@code commit_unconfirmed} (the owner's journal did
 * not confirm a commit and the experience reopens; within the retry window) and once after a timeout (the
 * request or its answer was lost, e.g. on a NATS reconnect). Every call ends within the retry window plus
 * two timeouts.
 */
public class KbClient {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(500);
    private static final Duration CATALOG_TIMEOUT = Duration.ofSeconds(1);
    private static final int CATALOG_MAX_BYTES = 64 * 1024;
    /** How many times a repeatable call is sent again after a timeout. */
    private static final int TIMEOUT_RETRIES = 1;

    private final ReplyInbox inbox;
    private final GaiaJson json;
    /** Reads answers: bounded by the max response size, not by the client frame limit. */
    private final GaiaJson answers;
    private final KbClientSettings settings;
    private final MeterRegistry meters;
    /** One timer per (operation, outcome), built once rather than on every call. */
    private final java.util.Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public KbClient(NatsConnection nats, GaiaJson json, KbClientSettings settings, MeterRegistry meters) {
        this.inbox = new ReplyInbox(nats);
        nats.whenConnected(inbox::bind); // the inbox subscription exists before the first call, not during it
        this.json = json;
        this.answers = GaiaJson.withMaxBytes(settings.maxResponseBytes());
        this.settings = settings;
        this.meters = meters;
        if (meters != null) {
            Gauge.builder("gaia.kb.client.waiting", inbox, ReplyInbox::waiting)
                    .description("Calls to kb-service waiting for an answer").register(meters);
        }
    }

    /** The largest kb-service answer read; a bigger one fails with {@code payload_too_large}. */
    public int maxResponseBytes() {
        return settings.maxResponseBytes();
    }

    /**
     * Runs an action. A refused command is a normal {@link ActionResponse} with {@code success:false}.
     * It always carries a request id (the caller's, else a new one, in the body and the header), so every
     * retry of this call, also one that reaches a new owner after a failover, runs it at most once.
     */
    public Mono<ActionResponse> action(ActionRequest request, String token) {
        ActionRequest once = RequestIds.isSafe(request.requestId()) ? request
                : new ActionRequest(request.experience(), request.action(), request.params(), RequestIds.generate());
        return call(once.experience(), KbOperation.ACTION, once, token, once.requestId(), ActionResponse.class);
    }

    /**
     * The earlier system's natural-language action: the owner reads the phrase against the caller's view and
     * runs the command it names. With a request id it runs at most once and is retried like an action;
     * without one, only where it cannot have run (nobody serving, {@code not_owner}).
     */
    public Mono<ActionResponse> interact(InteractRequest request, String token, String requestId) {
        return call(request.experience(), KbOperation.INTERACT, request, token, requestId, ActionResponse.class);
    }

    /** The caller's area of interest; kb-service creates the player on first contact. */
    public Mono<AreaOfInterest> areaOfInterest(String experience, String token) {
        return call(experience, KbOperation.AREA_OF_INTEREST, null, token, null, AreaOfInterest.class);
    }

    /** Moves the caller (the {@code update_location} rules) and answers with the new area of interest. */
    public Mono<AreaOfInterest> updateLocation(String experience, double lat, double lng, String token) {
        return call(experience, KbOperation.LOCATION, new LocationRequest(lat, lng), token, null, AreaOfInterest.class);
    }

    /** The experience's commands as JSON Schemas. */
    public Mono<CommandsSchema> commands(String experience, String token) {
        return call(experience, KbOperation.COMMANDS, null, token, null, CommandsSchema.class);
    }

    public Mono<Npcs> npcs(String experience, String token) {
        return call(experience, KbOperation.NPCS, null, token, null, Npcs.class);
    }

    public Mono<Waypoints> waypoints(String experience, String token) {
        return call(experience, KbOperation.WAYPOINTS, null, token, null, Waypoints.class);
    }

    public Mono<ExperienceInfo> info(String experience, String token) {
        return call(experience, KbOperation.INFO, null, token, null, ExperienceInfo.class);
    }

    /**
     * One request, its answer decoded as {@code type}. {@code body} (a record, or null for none) is
     * encoded with the shared codec; {@code requestId} travels as {@code X-Request-Id} when it is safe.
     */
    public <T> Mono<T> call(String experience, KbOperation operation, Object body, String token, String requestId,
                            Class<T> type) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            String subject;
            try {
                subject = Subjects.kbRequest(experience, operation);
            } catch (IllegalArgumentException e) {
                return Mono.error(new KbException(ErrorCodes.UNKNOWN_EXPERIENCE, "unknown experience: " + e.getMessage(), 404));
            }
            Headers headers = new Headers().put(KbHeaders.AUTHORIZATION, io.gaia.support.jwt.BearerToken.PREFIX + (token == null ? "" : token));
            if (RequestIds.isSafe(requestId)) {
                headers.put(KbHeaders.REQUEST_ID, requestId);
            }
            byte[] bytes = body == null ? new byte[0] : json.write(body);
            boolean repeatable = repeatable(operation, requestId);
            // set once an attempt may have run (it timed out, or its commit was not confirmed): from then on
            // no later failure may be reported as one that proves the call did not run
            java.util.concurrent.atomic.AtomicReference<KbException> mayHaveRun = new java.util.concurrent.atomic.AtomicReference<>();
            Mono<KbReply> attempt = Mono.defer(() -> inbox.request(subject, headers, bytes, settings.maxResponseBytes())
                    .timeout(settings.timeout()))
                    .map(reply -> movedAway(reply, repeatable))
                    .doOnError(e -> {
                        if (e instanceof NoResponders n && n.answer() != null) {
                            mayHaveRun.set(n.answer());
                        } else if (e instanceof TimeoutException) {
                            mayHaveRun.compareAndSet(null, timedOut(" and the outcome is unknown; retry with the same request id"));
                        }
                    });
            return withinRetryWindow(experience, askingTheCatalogOnce(experience, headers, attempt, mayHaveRun), repeatable,
                    mayHaveRun)
                    .onErrorMap(TimeoutException.class, e -> timedOut(""))
                    // decoding a multi-megabyte answer must not hold up the inbox's dispatcher thread
                    .publishOn(Schedulers.parallel())
                    .map(reply -> decode(reply, type))
                    .doOnEach(signal -> {
                        if (signal.isOnNext() || signal.isOnError()) {
                            record(operation, signal.isOnNext() ? "ok" : outcome(signal.getThrowable()), start);
                        }
                    });
        });
    }

    /**
     * True when sending the call again cannot run it twice: a read or a location update (repeating it
     * changes nothing more), or an action or phrase with a request id (kb-service runs it at most once).
     */
    static boolean repeatable(KbOperation operation, String requestId) {
        return !operation.runsOncePerRequestId() || RequestIds.isSafe(requestId);
    }

    /**
     * Tries again, backing off from 50 ms to 500 ms, while nobody serves the experience or (when
     * {@code repeatable}) the owner reopens it after an unconfirmed commit; once the window has passed
     * the call fails with {@code upstream_unavailable}, or with kb-service's {@code commit_unconfirmed}.
     * A repeatable call that timed out is sent once more.
     */
    private Mono<KbReply> withinRetryWindow(String experience, Mono<KbReply> attempt, boolean repeatable,
                                            java.util.concurrent.atomic.AtomicReference<KbException> mayHaveRun) {
        return Mono.defer(() -> {
            long deadline = System.nanoTime() + settings.retryWindow().toNanos();
            java.util.concurrent.atomic.AtomicInteger timeouts = new java.util.concurrent.atomic.AtomicInteger();
            return attempt.retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF).maxBackoff(MAX_BACKOFF)
                    .filter(e -> e instanceof NoResponders ? System.nanoTime() < deadline
                            : repeatable && e instanceof TimeoutException && timeouts.getAndIncrement() < TIMEOUT_RETRIES)
                    .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
        }).onErrorMap(NoResponders.class, e -> e.answer() != null ? e.answer()
                // nobody served the repeat of an attempt that may have run: still that attempt's unknown outcome
                : mayHaveRun.get() != null ? mayHaveRun.get()
                : new KbException(ErrorCodes.UPSTREAM_UNAVAILABLE, "no kb-service serves experience '" + experience
                        + "' (" + e.getMessage() + " for " + settings.retryWindow().toMillis() + " ms)", 503));
    }

    /** kb-service's silence past the timeout as a failure, its message followed by {@code more}. */
    private KbException timedOut(String more) {
        return new KbException(ErrorCodes.TIMEOUT, "kb-service did not answer within " + settings.timeout() + more, 504);
    }

    /**
     * The first time nobody serves the experience, asks any kb-service whether it exists at all
     * ({@code kb.catalog.<experience>}): an unknown or broken experience (or a bad token) then fails at
     * once with kb-service's own code instead of after the whole retry window. Never after an attempt that
     * may have run ({@code mayHaveRun}): the call then ends with an answer, or with a code that leaves its
     * outcome unknown ({@code commit_unconfirmed}, {@code timeout}).
     */
    private Mono<KbReply> askingTheCatalogOnce(String experience, Headers headers, Mono<KbReply> attempt,
                                               java.util.concurrent.atomic.AtomicReference<KbException> mayHaveRun) {
        AtomicBoolean asked = new AtomicBoolean();
        // Not once an attempt may have run: the catalog's "unavailable" (an owner reopening after an unconfirmed
        // commit, say) would then read as a refusal, though that attempt's record may be in the journal.
        return attempt.onErrorResume(NoResponders.class, notServed -> mayHaveRun.get() == null && asked.compareAndSet(false, true)
                ? catalog(experience, headers).then(Mono.error(notServed)) : Mono.error(notServed));
    }

    private Mono<Void> catalog(String experience, Headers headers) {
        return inbox.request(Subjects.kbCatalog(experience), headers, new byte[0], CATALOG_MAX_BYTES)
                .timeout(CATALOG_TIMEOUT)
                .flatMap(reply -> reply.ok() ? Mono.<Void>empty() : Mono.error(() -> decodeFailure(reply)))
                .onErrorResume(e -> e instanceof NoResponders || e instanceof TimeoutException, e -> Mono.empty());
    }

    /**
     * A {@code not_owner} answer (the instance was fenced out, or ownership moved during the call) ran
     * nothing: it is retried like "no responders" until the new owner serves the experience. So is a
     * {@code commit_unconfirmed} answer of a repeatable call (the owner reopens the experience from its
     * journal; the repeat answers with the first outcome if the commit was stored after all).
     */
    private KbReply movedAway(KbReply reply, boolean repeatable) {
        if (reply.status() != 503) {
            return reply;
        }
        String code = codeOf(reply);
        if (ErrorCodes.NOT_OWNER.equals(code)) {
            throw new NoResponders("the kb-service that answered no longer owns the experience");
        }
        if (repeatable && ErrorCodes.COMMIT_UNCONFIRMED.equals(code)) {
            throw new NoResponders("the owner is reopening the experience", decodeFailure(reply));
        }
        return reply;
    }

    private String codeOf(KbReply reply) {
        try {
            return tree(reply).path("code").asString(null);
        } catch (CodecException unreadable) {
            return null;
        }
    }

    private KbException decodeFailure(KbReply reply) {
        try {
            return failure(reply.status(), tree(reply));
        } catch (CodecException e) {
            return new KbException(ErrorCodes.UPSTREAM_UNAVAILABLE, "kb-service sent an unreadable answer", 502);
        }
    }

    private <T> T decode(KbReply reply, Class<T> type) {
        try {
            if (reply.ok()) {
                return answers.read(reply.body(), type);
            }
            JsonNode body = tree(reply);
            if (type == ActionResponse.class && body.has("action") && body.has("success")) {
                return answers.convert(body, type); // a refused action: an answer, not a failure
            }
            throw failure(reply.status(), body);
        } catch (CodecException e) {
            throw new KbException(ErrorCodes.UPSTREAM_UNAVAILABLE, "kb-service sent an unreadable answer ("
                    + reply.status() + "): " + e.getMessage(), 502);
        }
    }

    /** A reply's body as a tree ({@code {}} when empty); a {@link CodecException} when unreadable. */
    private JsonNode tree(KbReply reply) {
        return reply.body().length == 0 ? answers.mapper().createObjectNode()
                : answers.readTree(new String(reply.body(), StandardCharsets.UTF_8));
    }

    private static KbException failure(int status, JsonNode body) {
        String code = body.path("code").isString() ? body.path("code").asString()
                : status == 404 ? ErrorCodes.NOT_FOUND : ErrorCodes.UPSTREAM_UNAVAILABLE;
        String message = body.path("message").isString() ? body.path("message").asString()
                : "kb-service answered " + status;
        return new KbException(code, message, status);
    }

    private static String outcome(Throwable error) {
        return error instanceof KbException kb ? kb.code() : ErrorCodes.INTERNAL_ERROR;
    }

    /** {@code gaia.kb.client.requests{operation, outcome}}: every call's whole time, retries included. */
    private void record(KbOperation operation, String outcome, long start) {
        if (meters != null) {
            timers.computeIfAbsent(operation.token() + " " + outcome, key -> Timer.builder("gaia.kb.client.requests")
                            .description("Calls to kb-service over NATS, retries included")
                            .tags("operation", operation.token(), "outcome", outcome)
                            .publishPercentileHistogram()
                            .register(meters))
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
