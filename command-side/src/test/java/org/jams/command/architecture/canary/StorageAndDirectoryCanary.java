package org.jams.command.architecture.canary;

import java.sql.Connection;
import javax.naming.Context;
import javax.sql.DataSource;

/**
 * Deliberately breaks the transport-independence rule, so {@code TransportIndependenceTest} can prove the rule
 * catches a violation. Excluded from the real check; never used by any code.
 */
final class StorageAndDirectoryCanary {

    private StorageAndDirectoryCanary() {
    }

    static Connection open(DataSource dataSource, Context directory) throws Exception {
        directory.lookup("ldap://directory.example.org");
        return dataSource.getConnection();
    }
}
