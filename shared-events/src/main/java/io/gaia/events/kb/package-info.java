/**
 * Every request and answer between session-service / chat-service and kb-service, as records:
 * defined once here, written and read by {@link io.gaia.events.GaiaJson} (snake_case wire names),
 * documented in docs/asyncapi.yaml. kb-service builds them; the other services read them.
 */
package io.gaia.events.kb;
