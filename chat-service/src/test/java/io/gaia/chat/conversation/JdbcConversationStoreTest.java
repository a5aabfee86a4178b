package io.gaia.chat.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gaia.events.GaiaJson;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared store against a real PostgreSQL (127.0.0.1:5432, db {@code test}, trust auth, or
 * {@code GAIA_TEST_JDBC_URL}). Skipped, not failed, on a machine without one.
 */
class JdbcConversationStoreTest {

    private static final String URL = System.getenv().getOrDefault("GAIA_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test");

    @BeforeAll
    static void postgresAnswers() {
        boolean up;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
            up = true;
        } catch (Exception e) {
            up = false;
        }
        assumeTrue(up || System.getenv("GAIA_TEST_JDBC_URL") != null, "no PostgreSQL on 127.0.0.1:5432");
    }

    @Test
    void twoInstancesSeeTheSameConversation() {
        String id = "c-" + UUID.randomUUID();
        JdbcConversationStore first = new JdbcConversationStore(URL, "postgres", "", GaiaJson.create());
        JdbcConversationStore second = new JdbcConversationStore(URL, "postgres", "", GaiaJson.create());
        try {
            first.create(id, "alice", "wylding-woods").block();
            first.append(id, ConversationTurn.user("take the bottle of joy")).block();
            second.append(id, new ConversationTurn("assistant", "You lift it.", 2L, "collect_item", Map.of("success", true), List.of()))
                    .block();

            Conversation seen = second.find(id).block();
            assertThat(seen.userId()).isEqualTo("alice");
            assertThat(seen.turns()).extracting(ConversationTurn::content).containsExactly("take the bottle of joy", "You lift it.");
            assertThat(first.find("c-unknown-" + UUID.randomUUID()).blockOptional()).isEmpty();
        } finally {
            first.destroy();
            second.destroy();
        }
    }
}
