package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.PublicKey;
import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.jams.command.pki.KeyIds;
import org.jams.command.pki.Pem;
import org.jams.gateway.database.AccountKeyHashesMigration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Schema 17.1 fills the account key hashes of people registered before V17 added them: cleared for one person, they
 * come back equal to what the users projection writes for a new one, which OpenSSL's CertIDs name (OcspTest).
 */
class AccountKeyHashesMigrationTest extends SharedServerTestBase {

    @Autowired
    private AccountKeyHashesMigration migration;
    @Autowired
    private DataSource dataSource;

    @Test
    void rowsWithoutHashesGetTheHashesOfTheirAccountKey() throws Exception {
        String person = SetupSteps.unique("key-hash");
        createUser(person);
        Map<String, Object> written = jdbc.queryForMap("SELECT account_certificate_pem, account_key_sha1, "
                + "account_key_sha256 FROM users WHERE username = ?", person);
        PublicKey key = Pem.parseCertificate((String) written.get("account_certificate_pem")).getPublicKey();
        assertThat((byte[]) written.get("account_key_sha1")).isEqualTo(KeyIds.issuerKeyHash("SHA-1", key));
        assertThat((byte[]) written.get("account_key_sha256")).isEqualTo(KeyIds.issuerKeyHash("SHA-256", key));

        jdbc.update("UPDATE users SET account_key_sha1 = NULL, account_key_sha256 = NULL WHERE username = ?", person);
        try (Connection connection = dataSource.getConnection()) {
            migration.migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    return null;
                }

                @Override
                public Connection getConnection() {
                    return connection;
                }
            });
        }
        Map<String, Object> filled = jdbc.queryForMap("SELECT account_key_sha1, account_key_sha256 FROM users "
                + "WHERE username = ?", person);
        assertThat((byte[]) filled.get("account_key_sha1")).isEqualTo(written.get("account_key_sha1"));
        assertThat((byte[]) filled.get("account_key_sha256")).isEqualTo(written.get("account_key_sha256"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM users WHERE account_key_sha1 IS NULL", Long.class))
                .isZero();
    }
}
