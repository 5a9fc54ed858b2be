package org.jams.query.audit.rebuild;

import java.sql.Connection;
import java.util.List;
import java.util.function.Consumer;
import org.jams.api.stored.EventJson;
import org.jams.query.readmodel.ReadModels.ReadModel;
import org.jams.query.readmodel.ReadModels;

/**
 * A rebuild without the server's Spring context, for the command line: the same engine on the given connection. The
 * processors of a server running on the same database are paused by taking their claims, and resume from the
 * rebuilt position once the switch releases them.
 */
public final class OfflineRebuild {

    private OfflineRebuild() {
    }

    /** The processor names a rebuild accepts (besides {@code all}). */
    public static List<String> projections() {
        return ReadModels.NAMES;
    }

    /**
     * Rebuilds and switches; {@code progress} sees the status after each batch and the final one (with the diff).
     * {@code reader} is a second connection to the same database, on which the events are read ahead of the writes.
     */
    public static RebuildStatus run(Connection connection, Connection reader, String projection,
                                    Consumer<RebuildStatus> progress)
            throws Exception {
        List<ReadModel> models = ReadModels.select(projection);
        String id = "cli_" + Long.toHexString(System.currentTimeMillis());
        RebuildTracker tracker = new RebuildTracker(id, projection == null ? ReadModels.ALL : projection,
                models.stream().map(ReadModel::processor).toList());
        RebuildEngine.Progress reporting = new RebuildEngine.Progress() {
            @Override
            public void started(long total) {
                tracker.started(total);
                progress.accept(tracker.status());
            }

            @Override
            public void advanced(long done, long total, long lastGlobalIndex) {
                tracker.advanced(done, total, lastGlobalIndex);
                progress.accept(tracker.status());
            }

            @Override
            public void switching() {
                tracker.switching();
                progress.accept(tracker.status());
            }
        };
        RebuildEngine engine = new RebuildEngine(connection, reader, EventJson.eventSerializer(), EventJson.typedSerializer(),
                RebuildEngine.DEFAULT_BATCH);
        try {
            tracker.finished(engine.run(id, models, RebuildEngine.LiveProcessors.NONE, reporting));
        } catch (Exception e) {
            tracker.failed(e);
            throw e;
        }
        return tracker.status();
    }
}
