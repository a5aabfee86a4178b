package io.gaia.events.kb;

/** kb-service's answer on {@code kb.catalog.<experience>}: the experience exists and loads (some instance may serve it). */
public record KnownExperience(String experience) {
}
