package io.gaia.e2e.stack;

import io.gaia.testsupport.stack.GaiaStack;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test the one {@link GaiaStack} of this run: the whole GAIA stack as it runs in production
 * (nats-server, kb-service, chat-service, session-service), started on first use and stopped when the
 * run ends (it lives in the root context's store, which closes it).
 */
public final class GaiaStackExtension implements ParameterResolver {

    public static final String WOODS = "wylding-woods";
    /**
     * The services' own exposure plus {@code mappings} and {@code configprops}, so tests can list every
     * route a service really has and every property it really binds.
     */
    private static final Map<String, String> EXPOSURE = Map.of("management.endpoints.web.exposure.include",
            "health,info,prometheus,metrics,mappings,configprops");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GaiaStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == GaiaStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(GaiaStack.class, type -> {
            try {
                return GaiaStack.builder().withChat().everyService(EXPOSURE).start();
            } catch (Exception e) {
                throw new IllegalStateException("the GAIA stack did not start", e);
            }
        }, GaiaStack.class);
    }
}
