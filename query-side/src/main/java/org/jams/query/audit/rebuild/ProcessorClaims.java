package org.jams.query.audit.rebuild;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * The tracking processors' rows in Axon's token store ({@code tokenentry}), as a rebuild needs them: their segments
 * claimed for the switch, and the position they resume from once the rebuilt tables are live.
 */
final class ProcessorClaims {

    private final Connection connection;
    private final Serializer tokenSerializer;
    private final List<String> processors;
    private final String owner;

    ProcessorClaims(Connection connection, Serializer tokenSerializer, List<String> processors, String owner) {
        this.connection = connection;
        this.tokenSerializer = tokenSerializer;
        this.processors = processors;
        this.owner = owner;
    }

    /**
     * Takes the processors' segments for this rebuild (committed): a live processor (of this or another node) that
     * still holds one fails to store its next position, rolls that batch back, and waits for the claim to be released.
     */
    void claim() throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT segment FROM public.tokenentry WHERE processorname = ANY(?) FOR UPDATE");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE public.tokenentry SET owner = ?, timestamp = ? WHERE processorname = ANY(?)")) {
            lock.setArray(1, connection.createArrayOf("varchar", processors.toArray()));
            lock.executeQuery().close();
            update.setString(1, owner);
            update.setString(2, DateTimeUtils.formatInstant(Instant.now()));
            update.setArray(3, connection.createArrayOf("varchar", processors.toArray()));
            update.executeUpdate();
        }
        connection.commit();
    }

    /** Gives the claims up (committed), for processors that were not moved to a new position. */
    void release() {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE public.tokenentry SET owner = NULL WHERE processorname = ANY(?) AND owner = ?")) {
            update.setArray(1, connection.createArrayOf("varchar", processors.toArray()));
            update.setString(2, owner);
            update.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not release the processors' claims " + processors, e);
        }
    }

    /**
     * In the caller's transaction (not committed here): every segment of the processors gets a token at the last
     * event applied, with the gaps below it, owned by {@code keptOwner} (null: free to claim).
     */
    void moveTo(long last, TreeSet<Long> gaps, String keptOwner) throws SQLException {
        SerializedObject<byte[]> token = tokenSerializer.serialize(
                GapAwareTrackingToken.newInstance(last, gaps.headSet(last)), byte[].class);
        try (PreparedStatement update = connection.prepareStatement("""
                     UPDATE public.tokenentry SET token = ?, tokentype = ?, timestamp = ?, owner = ?
                     WHERE processorname = ?""");
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO public.tokenentry (processorname, segment, token, tokentype, timestamp, owner)
                     VALUES (?, 0, ?, ?, ?, ?)""")) {
            String now = DateTimeUtils.formatInstant(Instant.now());
            for (String processor : processors) {
                update.setBytes(1, token.getData());
                update.setString(2, token.getType().getName());
                update.setString(3, now);
                update.setString(4, keptOwner);
                update.setString(5, processor);
                if (update.executeUpdate() == 0) {
                    insert.setString(1, processor);
                    insert.setBytes(2, token.getData());
                    insert.setString(3, token.getType().getName());
                    insert.setString(4, now);
                    insert.setString(5, keptOwner);
                    insert.executeUpdate();
                }
            }
        }
    }
}
