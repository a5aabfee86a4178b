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
}
