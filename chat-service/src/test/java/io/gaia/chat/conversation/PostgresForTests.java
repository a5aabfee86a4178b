package io.gaia.chat.conversation;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * The real PostgreSQL the JDBC store is tested against: {@code GAIA_TEST_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}), {@code GAIA_TEST_POSTGRES_USER} (postgres) and
 * {@code GAIA_TEST_POSTGRES_PASSWORD} (empty). Unreachable: the test is skipped on a developer's
 * machine, and FAILS where {@code GAIA_REQUIRE_POSTGRES=true} (CI, set by {@code .ci/run}).
 */
public final class PostgresForTests {

    public static final String URL = env("GAIA_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("GAIA_TEST_POSTGRES_USER", "postgres");
    public static final String PASSWORD = env("GAIA_TEST_POSTGRES_PASSWORD", "");

    private PostgresForTests() {
    }

    /** Skips (locally) or fails (CI) unless the database answers a login. */
    public static void require() {
        Exception problem = null;
        try (Connection ignored = DriverManager.getConnection(URL, USER, PASSWORD)) {
            return;
        } catch (Exception e) {
            problem = e;
        }
        if (Boolean.parseBoolean(System.getenv("GAIA_REQUIRE_POSTGRES"))) {
            fail("GAIA_REQUIRE_POSTGRES is set but PostgreSQL at " + URL + " cannot be reached: " + problem.getMessage());
        }
        assumeTrue(false, "no PostgreSQL at " + URL + " (" + problem.getMessage() + "); set GAIA_REQUIRE_POSTGRES=true to fail instead");
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
