package io.gaia.session.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link KbBackedTest} that stops, kills or restarts NATS or kb-service, or reads kb-service's state
 * folder as its own: it gets a stack of its own instead of the JVM's shared one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OwnStack {
}
