package io.gaia.kb.world;

import io.gaia.events.WorldUpdateEvent;

/** A state delta and the NATS subject it goes to. */
public record Delta(String subject, WorldUpdateEvent event) {
}
