package org.jams.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jams.api.stored.EventJson;
import org.jams.query.audit.AuditEventReader;
import org.jams.query.audit.asof.AsOfQueries;
import org.jams.query.audit.asof.UserAsOf;
import org.jams.query.audit.trail.AuditEntries;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code as-of --at ISO --user NAME}: the user and their devices as they were then, folded from the events (JSON). */
@Command(name = "as-of", mixinStandardHelpOptions = true,
        description = {"Prints a user's state and each device's status at a past moment, folded from the events "
                + "stored up to then (as GET /api/audit/as-of).",
                "Exit status: 0 printed, 1 no such user ever existed, 2 wrong usage, 3 could not run."})
final class AsOfCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--at", required = true, paramLabel = "ISO-8601",
            description = "The moment, e.g. 2026-03-03T14:05:00Z (an offset is required).")
    String at;

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "NAME")
    String user;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        Instant moment;
        try {
            moment = OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            spec.commandLine().getErr().println("--at is an ISO-8601 time with an offset: " + at);
            return JamsCli.USAGE;
        }
        Optional<UserAsOf> state;
        try (DatabaseOptions.Opened opened = database.open()) {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(opened.connection, true));
            // The user's state is folded from the event store alone: no read model or key is needed.
            AsOfQueries queries = new AsOfQueries(new AuditEventReader(jdbc),
                    new AuditEntries(EventJson.eventSerializer()), null, null, null);
            state = queries.userAt(user, moment);
        }
        if (state.isEmpty()) {
            spec.commandLine().getErr().println("No user named " + user + " ever existed.");
            return JamsCli.BROKEN;
        }
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
        spec.commandLine().getOut().println(json.writeValueAsString(state.get()));
        return JamsCli.OK;
    }
}
