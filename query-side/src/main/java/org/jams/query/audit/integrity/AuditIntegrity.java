package org.jams.query.audit.integrity;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jams.command.audit.AuditKeys;
import org.jams.query.audit.Unbounded;

/** The server's tamper-evidence operations: verify, export, checkpoints. Blocking (JDBC): call off the event loop. */
public final class AuditIntegrity {

    private final DataSource dataSource;
    private final AuditKeys keys;
    private final AuditChainer chainer;

    public AuditIntegrity(DataSource dataSource, AuditKeys keys, AuditChainer chainer) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.chainer = chainer;
    }

    public AuditKeys keys() {
        return keys;
    }

    /** Re-reads the whole store and checks signatures, chain and checkpoints against this server's public key. */
    public VerificationReport verify() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Unbounded unbounded = Unbounded.of(connection)) {
            return AuditStore.verify(connection, keys.publicKey());
        }
    }

    public long export(OutputStream out) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection(); Unbounded unbounded = Unbounded.of(connection)) {
            return IntegrityExport.write(connection, out, keys.fingerprint());
        }
    }

    public List<Checkpoint> checkpoints() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return AuditStore.checkpoints(connection);
        }
    }

    /** The store head, the chain head and the latest checkpoint's time (monitoring). */
    public AuditStore.ChainProgress progress() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return AuditStore.progress(connection);
        }
    }

    /** Chains what is committed and signs a checkpoint at the chain head; empty if nothing was ever chained. */
    public Optional<Checkpoint> checkpointNow() throws SQLException {
        return chainer.checkpointNow();
    }
}
