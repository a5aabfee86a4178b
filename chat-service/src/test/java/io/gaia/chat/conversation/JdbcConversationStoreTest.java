package io.gaia.chat.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.events.GaiaJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared store against a real PostgreSQL ({@link PostgresForTests}: skipped locally without one, failed in CI). */
class JdbcConversationStoreTest {

    @BeforeAll
    static void postgres() {
        PostgresForTests.require();
    }

    private static JdbcConversationStore store() {
        return new JdbcConversationStore(PostgresForTests.URL, PostgresForTests.USER, PostgresForTests.PASSWORD, GaiaJson.create());
    }

    @Test
    void twoInstancesSeeTheSameConversation() {
        String id = "c-" + UUID.randomUUID();
        JdbcConversationStore first = store();
        JdbcConversationStore second = store();
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

    private static void sql(String... statements) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(PostgresForTests.URL, PostgresForTests.USER,
                PostgresForTests.PASSWORD); java.sql.Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    @Test
    void instancesStartingTogetherOnAnEmptyDatabaseAllCreateTheTablesWithoutFailing() throws Exception {
        String schema = "fresh_" + UUID.randomUUID().toString().replace("-", "");
        sql("CREATE SCHEMA " + schema);
        String url = PostgresForTests.URL + (PostgresForTests.URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        int instances = 6;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<JdbcConversationStore> started = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            for (int round = 0; round < 3; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> starts = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    starts.add(pool.submit(() -> {
                        go.await();
                        started.add(new JdbcConversationStore(url, PostgresForTests.USER, PostgresForTests.PASSWORD,
                                GaiaJson.create()));
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> start : starts) {
                    start.get(); // a lost CREATE TABLE race would surface here as "cannot create the conversation tables"
                }
                if (round == 0) {
                    String id = "fresh-" + UUID.randomUUID();
                    started.get(0).create(id, "alice", "wylding-woods").block();
                    assertThat(started.get(instances - 1).find(id).block().userId()).isEqualTo("alice");
                }
                // each store holds a pool of connections: close this round's before the next (PostgreSQL's
                // default max_connections is 100, shared with the other test JVM)
                started.forEach(JdbcConversationStore::destroy);
                started.clear();
                sql("DROP SCHEMA " + schema + " CASCADE", "CREATE SCHEMA " + schema);
            }
        } finally {
            pool.shutdownNow();
            started.forEach(JdbcConversationStore::destroy);
            sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void ofTwoInstancesCreatingOneIdAtOnceExactlyOneWinsAndTheOtherIsToldItIsTaken() throws Exception {
        JdbcConversationStore first = store();
        JdbcConversationStore second = store();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String id = "race-" + UUID.randomUUID();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> outcomes = new ArrayList<>();
                for (var entry : Map.of("alice", first, "bob", second).entrySet()) {
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        try {
                            entry.getValue().create(id, entry.getKey(), "wylding-woods").block();
                            return "won:" + entry.getKey();
                        } catch (ConversationTakenException taken) {
                            return "taken";
                        }
                    }));
                }
                go.countDown();
                List<String> results = new ArrayList<>();
                for (Future<String> outcome : outcomes) {
                    results.add(outcome.get());
                }
                assertThat(results).as("round " + round).containsOnlyOnce("taken").anyMatch(r -> r.startsWith("won:"));
                String winner = results.stream().filter(r -> r.startsWith("won:")).findFirst().orElseThrow().substring(4);
                assertThat(first.find(id).block().userId()).isEqualTo(winner);
            }
        } finally {
            pool.shutdownNow();
            first.destroy();
            second.destroy();
        }
    }

    @Test
    void aTurnForAConversationThatWasNeverCreatedIsRefusedAndNotStored() {
        JdbcConversationStore store = store();
        try {
            String id = "never-" + UUID.randomUUID();
            assertThatThrownBy(() -> store.append(id, ConversationTurn.user("hello")).block()).isNotNull();
            assertThat(store.find(id).blockOptional()).isEmpty();
        } finally {
            store.destroy();
        }
    }
}
