package io.gaia.support.management;

import io.gaia.events.ErrorBody;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.support.jwt.InvalidTokenException;
import io.gaia.support.jwt.JwtValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Keeps the actuator private except for bare health. {@code /actuator/health} (and its liveness and
 * readiness probes) answers anyone with the status only; every other actuator path — health
 * details at {@code /actuator/health/details}, metrics, prometheus, configprops, mappings, ... —
 * needs an admin JWT or the management token ({@link ManagementProperties}): 401 {@code unauthorized}
 * without credentials, 403 {@code forbidden} with a player's token. Only the exact raw paths are
 * public; an encoded or {@code ;param} spelling of any actuator path needs the token too.
 */
public final class ActuatorAccess implements WebFilter, Ordered {

    static final String PREFIX = "/actuator";
    private static final Set<String> PUBLIC = Set.of("/actuator/health", "/actuator/health/liveness",
            "/actuator/health/readiness");

    private final JwtValidator jwt;
    private final ManagementProperties properties;
    private final GaiaJson json;

    public ActuatorAccess(JwtValidator jwt, ManagementProperties properties, GaiaJson json) {
        this.jwt = jwt;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer within = exchange.getRequest().getPath().pathWithinApplication();
        String path = within.value();
        // public only by the exact raw path; protected by the decoded segments Spring routes on
        boolean underActuator = path.equals(PREFIX) || path.startsWith(PREFIX + "/") || underActuator(within);
        if (!underActuator || PUBLIC.contains(trimSlash(path))) {
            return chain.filter(exchange);
        }
        String bearer = io.gaia.support.jwt.BearerToken.of(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (bearer == null) {
            return refuse(exchange.getResponse(), HttpStatus.UNAUTHORIZED, ErrorCodes.UNAUTHORIZED,
                    "this actuator endpoint needs an admin token or the management token");
        }
        if (properties.hasToken() && MessageDigest.isEqual(bearer.getBytes(StandardCharsets.UTF_8),
                properties.token().getBytes(StandardCharsets.UTF_8))) {
            return chain.filter(exchange);
        }
        try {
            if (jwt.validate(bearer).admin()) {
                return chain.filter(exchange);
            }
        } catch (InvalidTokenException e) {
            return refuse(exchange.getResponse(), HttpStatus.UNAUTHORIZED, e.code(), e.getMessage());
        }
        return refuse(exchange.getResponse(), HttpStatus.FORBIDDEN, ErrorCodes.FORBIDDEN, "admin only");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    private Mono<Void> refuse(ServerHttpResponse response, HttpStatus status, String code, String message) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = json.write(ErrorBody.of(code, message));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    /**
     * Whether the first real segment, decoded and without {@code ;params} (what Spring routes on),
     * is {@code actuator}: {@code /%61ctuator/metrics}, {@code /actuator;x/metrics} and
     * {@code //actuator/metrics} are actuator paths too.
     */
    private static boolean underActuator(PathContainer path) {
        for (PathContainer.Element element : path.elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                String value = segment.valueToMatch();
                if (value.isEmpty() || value.equals(".")) {
                    continue;
                }
                String name = PREFIX.substring(1);
                return value.equalsIgnoreCase(name) || value.regionMatches(true, 0, name + "/", 0, name.length() + 1);
            }
        }
        return false;
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
