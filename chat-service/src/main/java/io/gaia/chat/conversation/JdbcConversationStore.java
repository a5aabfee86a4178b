package io.gaia.chat.conversation;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gaia.events.GaiaJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Conversations in a SQL database (PostgreSQL), so several chat-service instances share them.
 * Turns are rows appended under the conversation; each turn's full JSON is kept in one column so
 * the schema does not follow every field. Blocking JDBC runs on a scheduler sized to the pool.
 */
public class JdbcConversationStore implements ConversationStore, DisposableBean {

    /** {@code user_id} holds any id the protocol accepts ({@code UserIds.MAX_BYTES} bytes, so at most as many characters). */
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS chat_conversations (
              id VARCHAR(64) PRIMARY KEY,
              user_id VARCHAR(512) NOT NULL,
              experience VARCHAR(256) NOT NULL,
              created_at BIGINT NOT NULL);
            CREATE TABLE IF NOT EXISTS chat_turns (
              conversation_id VARCHAR(64) NOT NULL REFERENCES chat_conversations(id),
              seq BIGSERIAL,
              turn TEXT NOT NULL,
              PRIMARY KEY (conversation_id, seq));
            ALTER TABLE chat_conversations ALTER COLUMN user_id TYPE VARCHAR(512);
            """;

    /** The advisory lock key the schema is created under (any constant shared by every instance). */
    private static final long SCHEMA_LOCK = 0x6761_6961_6368_6174L; // "gaiachat"

    /** PostgreSQL's SQLSTATE for a duplicate key: the primary key makes create atomic. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final HikariDataSource dataSource;
    private final Scheduler jdbc;
    private final GaiaJson json;

    public JdbcConversationStore(String url, String username, String password, GaiaJson json) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setPoolName("chat-conversations");
        this.dataSource = new HikariDataSource(config);
        this.jdbc = Schedulers.newBoundedElastic(8, 10_000, "chat-jdbc");
        this.json = json;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // Instances starting together on an empty database: PostgreSQL's CREATE TABLE IF NOT EXISTS
            // is not safe against a concurrent one (the loser fails on pg_type's unique index), so the
            // schema is created by one instance at a time, in one transaction.
            c.setAutoCommit(false);
            s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            s.execute(SCHEMA);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the conversation tables", e);
        }
    }

    @Override
    public Mono<Conversation> find(String conversationId) {
        return on(() -> {
            try (Connection c = dataSource.getConnection()) {
                Conversation header = null;
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT user_id, experience, created_at FROM chat_conversations WHERE id = ?")) {
                    q.setString(1, conversationId);
                    try (ResultSet r = q.executeQuery()) {
                        if (!r.next()) {
                            return null;
                        }
                        header = new Conversation(conversationId, r.getString(1), r.getString(2), r.getLong(3), List.of());
                    }
                }
                List<ConversationTurn> turns = new ArrayList<>();
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT turn FROM chat_turns WHERE conversation_id = ? ORDER BY seq")) {
                    q.setString(1, conversationId);
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            turns.add(json.read(r.getString(1), ConversationTurn.class));
                        }
                    }
                }
                return new Conversation(conversationId, header.userId(), header.experience(), header.createdAt(), turns);
            }
        });
    }

    @Override
    public Mono<Conversation> create(String conversationId, String userId, String experience) {
        return on(() -> {
            long now = System.currentTimeMillis();
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "INSERT INTO chat_conversations (id, user_id, experience, created_at) VALUES (?, ?, ?, ?)")) {
                s.setString(1, conversationId);
                s.setString(2, userId);
                s.setString(3, experience);
                s.setLong(4, now);
                s.executeUpdate();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new ConversationTakenException(conversationId);
                }
                throw e;
            }
            return new Conversation(conversationId, userId, experience, now, List.of());
        });
    }

    @Override
    public Mono<Void> append(String conversationId, ConversationTurn turn) {
        return on(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "INSERT INTO chat_turns (conversation_id, turn) VALUES (?, ?)")) {
                s.setString(1, conversationId);
                s.setString(2, json.writeString(turn));
                s.executeUpdate();
            }
            return null;
        }).then();
    }

    private <T> Mono<T> on(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(jdbc);
    }

    @Override
    public void destroy() {
        dataSource.close();
        jdbc.dispose();
    }
}
