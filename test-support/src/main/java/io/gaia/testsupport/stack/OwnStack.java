package io.gaia.testsupport.stack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that stops, kills or restarts NATS or kb-service, needs other content or settings, or
 * reads kb-service's state folder as its own: it gets a stack of its own instead of the JVM's
 * {@link SharedStack}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OwnStack {

    /**
     * What kb-service serves: written into an empty folder by a new instance of this class (a static
     * class with a no-argument constructor), or the repository's {@code experiences/} when left as is.
     */
    Class<? extends GaiaStack.ExperiencesWriter> content() default GaiaStack.ExperiencesWriter.class;

    /** Starts the stack an {@link OwnStack} class asks for (session-service processes: {@code sessions}). */
    final class Starter {
        private Starter() {
        }

        public static GaiaStack start(OwnStack own, int sessions) throws Exception {
            GaiaStack.Builder builder = GaiaStack.builder().sessions(sessions);
            if (own.content() != GaiaStack.ExperiencesWriter.class) {
                java.lang.reflect.Constructor<? extends GaiaStack.ExperiencesWriter> made =
                        own.content().getDeclaredConstructor();
                made.setAccessible(true);
                builder.experiences(made.newInstance());
            }
            return builder.start();
        }
    }
}
