package org.jams.gateway.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL, started as the server starts it, lets no one connect without the password kept in the
 * home's secrets: not over loopback, not with a wrong password; an installation from before gets the rule too.
 */
class EmbeddedDatabaseAccessTest {

    private static final String TRUSTING_RULES = """
            local all all trust
            host  all all 127.0.0.1/32 trust
            host  all all ::1/128 trust
            """;

    @TempDir
    Path home;

    @Test
    void aNewDatabaseAsksEveryConnectionForThePasswordInTheHomesSecrets() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(home)) {
            assertRefusedWithout(database);
            try (Connection connection = database.connect()) {
                assertThat(nonPasswordRules(connection)).as("rules that let a connection in without the password")
                        .isZero();
            }
        }
        Path password = home.resolve("secrets").resolve("database-password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(password).trim()).hasSizeGreaterThanOrEqualTo(40);
        try (var leftovers = Files.list(password.getParent())) {
            assertThat(leftovers).as("initdb's password file is deleted").containsExactly(password);
        }
    }

    @Test
    void aDatabaseThatTrustedEveryConnectionGetsThePasswordAtItsNextStartAndKeepsItsData() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(home); Connection connection = database.connect()) {
            connection.createStatement().execute("CREATE TABLE kept (value text)");
            connection.createStatement().execute("INSERT INTO kept VALUES ('before')");
            // what an installation from before passwords has: initdb's trusting rules, no password, no password file
            connection.createStatement().execute("ALTER ROLE postgres PASSWORD NULL");
            Files.writeString(home.resolve("postgres").resolve("pg_hba.conf"), TRUSTING_RULES);
            Files.delete(home.resolve("secrets").resolve("database-password"));
        }

        try (EmbeddedDatabase database = EmbeddedDatabase.start(home)) {
            assertRefusedWithout(database);
            try (Connection connection = database.connect()) {
                ResultSet kept = connection.createStatement().executeQuery("SELECT value FROM kept");
                assertThat(kept.next()).isTrue();
                assertThat(kept.getString(1)).isEqualTo("before");
                assertThat(nonPasswordRules(connection)).isZero();
            }
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.start(home)) {
            assertRefusedWithout(database);
        }
    }

    @Test
    void aDatabaseWhosePasswordFileIsLostSaysWhereItBelongsAndRecoversAsTheReadmeSays() throws Exception {
        EmbeddedDatabase.start(home).close();
        Files.delete(home.resolve("secrets").resolve("database-password"));

        assertThatThrownBy(() -> EmbeddedDatabase.start(home)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secrets/database-password").hasMessageContaining("missing");

        // the recovery the README gives: trusting rules for one start, which makes a new password
        Files.writeString(home.resolve("postgres").resolve("pg_hba.conf"), TRUSTING_RULES);
        try (EmbeddedDatabase database = EmbeddedDatabase.start(home)) {
            assertRefusedWithout(database);
            database.connect().close();
        }
        assertThat(home.resolve("secrets").resolve("database-password")).exists();
    }

    @Test
    void aPasswordFileThatIsNotTheDatabasesIsNamedWhenTheStartGivesUp() throws Exception {
        EmbeddedDatabase.start(home).close();
        Path password = home.resolve("secrets").resolve("database-password");
        Files.writeString(password, "not-this-databases-password");

        assertThatThrownBy(() -> EmbeddedDatabase.start(home, false, Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class).hasMessageContaining(password.toAbsolutePath().toString())
                .hasMessageContaining("restore that file");
        assertThat(home.resolve("postgres").resolve("postmaster.pid")).as("the PostgreSQL it started is stopped")
                .doesNotExist();
    }

    /** No password, and a wrong one, over loopback TCP as the superuser: both refused by the server. */
    private static void assertRefusedWithout(EmbeddedDatabase database) {
        assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl()).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password");
        Properties wrong = new Properties();
        wrong.setProperty("user", database.username());
        wrong.setProperty("password", database.password() + "x");
        assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), wrong).close())
                .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("28P01");
    }

    private static long nonPasswordRules(Connection connection) throws SQLException {
        ResultSet rules = connection.createStatement().executeQuery(
                "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method <> 'scram-sha-256' OR error IS NOT NULL");
        rules.next();
        return rules.getLong(1);
    }
}
