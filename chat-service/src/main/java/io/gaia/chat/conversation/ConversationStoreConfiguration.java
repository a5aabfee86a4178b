package io.gaia.chat.conversation;

import io.gaia.chat.config.ChatProperties;
import io.gaia.events.GaiaJson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code gaia.chat.conversations.store}: {@code file} (default) or {@code jdbc}. */
@Configuration(proxyBeanMethods = false)
class ConversationStoreConfiguration {

    @Bean
    ConversationStore conversationStore(ChatProperties properties, GaiaJson json) {
        ChatProperties.Conversations c = properties.conversations();
        return switch (c.store()) {
            case "file" -> new JsonLinesConversationStore(c.dir(), json);
            case "jdbc" -> new JdbcConversationStore(required(c.jdbcUrl()), c.username(), c.password(), json);
            default -> throw new IllegalStateException("gaia.chat.conversations.store must be file or jdbc, not '"
                    + c.store() + "'");
        };
    }

    private static String required(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("gaia.chat.conversations.jdbc-url (GAIA_CHAT_JDBC_URL) is required for the jdbc store");
        }
        return url;
    }
}
