package io.gaia.e2e.stack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test the one {@link GaiaStack} of this run: started on first use, stopped when the run
 * ends (it lives in the root context's store, which closes it).
 */
public final class GaiaStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GaiaStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == GaiaStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(GaiaStack.class, type -> {
            try {
                return GaiaStack.start();
            } catch (Exception e) {
                throw new IllegalStateException("the GAIA stack did not start", e);
            }
        }, GaiaStack.class);
    }
}
