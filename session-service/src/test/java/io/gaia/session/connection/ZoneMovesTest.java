package io.gaia.session.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.GaiaJson;
import io.gaia.events.StatePaths;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.events.socket.Versions;
import io.gaia.session.delta.Delta;
import io.gaia.support.jwt.AuthenticatedUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A delta of the player's own location tells the socket to follow another zone only when it goes out
 * to the client: the second copy of one (an answer carried it, then NATS did), or one parked behind a
 * gap, must not move the socket, or a stale copy of an earlier walk would take it back to a zone the
 * player has left and it would miss the deltas of the zone it stands in.
 */
class ZoneMovesTest {

    private final GaiaJson json = GaiaJson.create();
    private final List<String> moves = new ArrayList<>();
    private final ClientConnection connection = new ClientConnection("s1",
            new AuthenticatedUser("alice", false, Instant.now().plusSeconds(600), "token"), "wylding-woods", null,
            json, new ClientConnection.ConnectionLimits(1_000, 10_000_000, 100, 100, 100), false,
            new ClientConnection.Listener() {
                @Override
                public void gapOpened(ClientConnection c) {
                }

                @Override
                public void overflowed(ClientConnection c) {
                }

                @Override
                public void zoneChanged(ClientConnection c, String zone) {
                    moves.add(zone);
                    c.follow(zone); // as ZoneInterest.enter does
                }
            });

    private Delta walk(long base, long snapshot, String to) {
        WorldUpdateEvent event = WorldUpdateEvent.of("wylding-woods", "alice", VersionScope.PLAYER, base, snapshot,
                List.of(Change.update(StatePaths.PLAYER_LOCATION, null, Change.Location.NOWHERE,
                        Map.of("current_location", to))), 1L, EventMetadata.EMPTY);
        return new Delta(event, json.write(event));
    }

    @Test
    void aWalkThatGoesOutMovesTheSocketOnceAndItsSecondCopyDoesNot() {
        connection.follow("shop");
        connection.baseline(new Versions(1L, 1L), null, null);

        connection.offer(walk(1, 2, "clearing")); // the answer's copy
        connection.offer(walk(1, 2, "clearing")); // the same delta from NATS

        assertThat(moves).containsExactly("clearing");
    }

    @Test
    void aStaleCopyOfAnEarlierWalkDoesNotTakeTheSocketBackToTheZoneThePlayerLeft() {
        connection.follow("shop");
        connection.baseline(new Versions(1L, 1L), null, null);
        connection.offer(walk(1, 2, "clearing"));
        connection.offer(walk(2, 3, "shop"));
        assertThat(moves).containsExactly("clearing", "shop");
        moves.clear();

        connection.offer(walk(1, 2, "clearing")); // NATS's late copy of the first walk

        assertThat(moves).isEmpty();
    }

    @Test
    void aWalkParkedBehindAGapMovesTheSocketWhenItGoesOutNotBefore() {
        connection.follow("shop");
        connection.baseline(new Versions(1L, 1L), null, null);

        connection.offer(walk(2, 3, "clearing")); // player 2 is missing: parked
        assertThat(moves).isEmpty();

        connection.offer(walk(1, 2, "yard"));     // closes the gap: both go out, the last says where the player is
        assertThat(moves).containsExactly("clearing");
    }
}
