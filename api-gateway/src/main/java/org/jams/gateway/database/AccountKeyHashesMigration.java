package org.jams.gateway.database;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jams.command.pki.KeyIds;
import org.jams.command.pki.Pem;
import org.springframework.stereotype.Component;

/**
 * Schema version 17.1: fills the account key hashes that V17 added for the rows already in {@code users}, from their
 * account certificates (SQL has no SHA-1 of its own, and the hash covers a part of the certificate's DER that SQL
 * cannot pick out). New rows get them from the users projection. Runs inside Flyway's transaction, a batch at a time.
 */
@Component
public class AccountKeyHashesMigration implements JavaMigration {

    private static final int BATCH = 500;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("17.1");
    }

    @Override
    public String getDescription() {
        return "fill account key hashes";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT username, account_certificate_pem FROM users WHERE account_key_sha1 IS NULL");
             PreparedStatement write = connection.prepareStatement(
                     "UPDATE users SET account_key_sha1 = ?, account_key_sha256 = ? WHERE username = ?")) {
            read.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    PublicKey key = Pem.parseCertificate(rows.getString(2)).getPublicKey();
                    write.setBytes(1, KeyIds.issuerKeyHash("SHA-1", key));
                    write.setBytes(2, KeyIds.issuerKeyHash("SHA-256", key));
                    write.setString(3, rows.getString(1));
                    write.addBatch();
                    if (++pending == BATCH) {
                        write.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                write.executeBatch();
            }
        }
    }
}
