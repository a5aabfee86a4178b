package io.gaia.support.web;

import io.gaia.events.ErrorCodes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The request id that lets one action be followed across the services: a client's {@code request_id}
 * (or one session-service generates) travels as {@code X-Request-Id} to kb-service and chat-service,
 * into the world_update's {@code metadata.request_id} and back in the answer. Every service logs it
 * under the MDC key {@code request_id}.
 *
 * <p>One rule for every id that enters, wherever it enters ({@link #RULE}): 1-128 characters of
 * {@code [A-Za-z0-9._:-]}, so no id can forge a log line (no CR/LF), bloat a world_update or break a
 * header. An {@code X-Request-Id} header that breaks it is replaced by a generated id (proxies add
 * headers the client never chose); a {@code request_id} in a body or a socket frame that breaks it is
 * refused with {@code invalid_field}.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    /** MDC key, Reactor context key and JSON field: one name everywhere. */
    public static final String KEY = "request_id";
    static final String ATTRIBUTE = RequestIds.class.getName();
    public static final int MAX_LENGTH = 128;
    /** The rule, as clients are told it. */
    public static final String RULE = "1-" + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ : -";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    private RequestIds() {
    }

    /** Runs {@code logging} with {@code request_id} in the MDC (a field of its own in structured logs). */
    public static void logWith(String id, Runnable logging) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(KEY, id)) {
            logging.run();
        }
    }

    public static String generate() {
        return UUID.randomUUID().toString();
    }

    /** Whether an id follows the rule, and so can travel in a header, a log line and a world_update as it is. */
    public static boolean isSafe(String id) {
        return id != null && SAFE.matcher(id).matches();
    }

    /**
     * A client's {@code request_id} from a body: null stays null (the caller picks another id), an id
     * that breaks the rule is refused with {@code invalid_field}.
     */
    public static String checked(String id) {
        if (id != null && !isSafe(id)) {
            throw new GaiaException(ErrorCodes.INVALID_FIELD, "request_id must be " + RULE);
        }
        return id;
    }

    /** The id of the HTTP request being served ({@link RequestIdFilter} sets it on every exchange). */
    public static String of(ServerWebExchange exchange) {
        String id = exchange.getAttribute(ATTRIBUTE);
        return id != null ? id : generate();
    }

    /** A Reactor context carrying {@code id}, for {@link #propagate()} to send on. */
    public static Context context(String id) {
        return Context.of(KEY, id);
    }

    /**
     * A WebClient filter: calls made inside a pipeline whose context carries a request id send it as
     * {@code X-Request-Id} (unless the call set one itself).
     */
    public static ExchangeFilterFunction propagate() {
        return ExchangeFilterFunction.ofRequestProcessor(request -> Mono.deferContextual(context -> {
            if (request.headers().containsHeader(HEADER) || !context.hasKey(KEY)) {
                return Mono.just(request);
            }
            String id = context.get(KEY);
            return Mono.just(isSafe(id) ? ClientRequest.from(request).header(HEADER, id).build() : request);
        }));
    }
}
