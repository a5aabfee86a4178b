package io.gaia.chat.it;

import io.gaia.chat.conversation.PostgresForTests;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same races with conversations in a real PostgreSQL (the store several chat-service instances share). */
class JdbcConversationRacesTest extends ConversationRacesTest {

    @BeforeAll
    static void postgres() {
        PostgresForTests.require();
    }

    @DynamicPropertySource
    static void jdbcStore(DynamicPropertyRegistry registry) {
        registry.add("gaia.chat.conversations.store", () -> "jdbc");
        registry.add("gaia.chat.conversations.jdbc-url", () -> PostgresForTests.URL);
        registry.add("gaia.chat.conversations.username", () -> PostgresForTests.USER);
        registry.add("gaia.chat.conversations.password", () -> PostgresForTests.PASSWORD);
    }
}
