package org.jams.gateway.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jams.query.audit.rebuild.OfflineRebuild;
import org.jams.query.audit.rebuild.RebuildStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rebuild [--projection NAME|all]}: rebuilds read models from the events beside the live tables, then switches
 * them over and prints the diff of live against rebuilt. A server running on the same database keeps serving; its
 * processors pause for the switch and resume from the rebuilt position.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Rebuilds one read model (a projection processor) or all of them from the event store, "
                + "without downtime: built in a shadow schema, compared with the live tables, then switched in.",
                "Exit status: 0 rebuilt (live was identical), 1 rebuilt and live differed, 2 wrong usage, "
                        + "3 could not run."})
final class RebuildCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--projection"}, paramLabel = "NAME", defaultValue = "all",
            description = "A processor name (users-projection, devices-projection, …) or all (default).")
    String projection;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        if (!"all".equals(projection) && !OfflineRebuild.projections().contains(projection)) {
            spec.commandLine().getErr().println("Unknown projection '" + projection + "': one of "
                    + OfflineRebuild.projections() + " or all.");
            return JamsCli.USAGE;
        }
        PrintWriter out = spec.commandLine().getOut();
        RebuildStatus result;
        try (DatabaseOptions.Opened opened = database.open(); Connection reader = opened.another()) {
            result = OfflineRebuild.run(opened.connection, reader, projection, status -> {
                out.println(String.format(Locale.ROOT, "%s %d/%d events, %.0f events/s, ETA %s s",
                        status.state(), status.eventsDone(), status.eventsTotal(), status.eventsPerSecond(),
                        status.etaSeconds() == null ? "?" : String.format(Locale.ROOT, "%.1f", status.etaSeconds())));
                out.flush();
            });
        }
        out.println(String.format(Locale.ROOT, "Rebuilt %s: %d events at %.0f events/s, up to global index %s.",
                result.processors(), result.eventsDone(), result.eventsPerSecond(), result.lastGlobalIndex()));
        boolean identical = true;
        for (RebuildStatus.TableDiff diff : result.diff()) {
            identical &= diff.identical();
            out.println(String.format(Locale.ROOT, "  %-22s %s", diff.table(), diff.identical() ? "identical"
                    : diff.onlyLive() + " rows only live " + diff.sampleOnlyLive() + ", " + diff.onlyRebuilt()
                            + " only rebuilt " + diff.sampleOnlyRebuilt()));
        }
        return identical ? JamsCli.OK : JamsCli.BROKEN;
    }
}
