package org.jams.gateway.directory;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jams.api.directory.DirectoryCommands.DisableUserCommand;
import org.jams.api.directory.DirectoryCommands.EnableUserCommand;
import org.jams.api.directory.DirectoryCommands.RecordDirectoryProfileCommand;
import org.jams.api.directory.DirectorySettings;
import org.jams.api.revocation.RevocationCommands.RevokeDeviceCommand;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.auth.Scope;
import org.jams.gateway.axon.Commands;
import org.jams.query.directory.UserReader.DirectoryProfileView;
import org.jams.query.directory.UserReader;
import org.jams.query.enrollment.DeviceReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Compares the people who came from the directory with the directory itself, every {@code syncIntervalMinutes} of the
 * directory settings (and when an admin asks): a person the directory no longer finds, or has disabled, loses their
 * devices (each revoked, with the reason, in their history) when the settings' {@code revokeDevicesOfDisabledUsers}
 * says so. One node at a time (a PostgreSQL advisory lock; every node looks every {@code jams.directory.sync.tick}
 * whether a run is due), and never on a directory that cannot answer. A run that would revoke more than
 * {@code jams.directory.sync.max-departed-share} of the people revokes nothing and says so: that is a broken base DN
 * or filter far more often than an organisation leaving.
 */
@Component
public class DirectorySync implements DisposableBean {

    /** Who the history names as revoking. */
    static final String ACTOR = "directory-sync";
    static final String REMOVED = "removed from the directory";
    static final String DISABLED = "disabled in the directory";
    /** Where the history says the synchronisation's commands came from. */
    static final String ORIGIN = "jams directory synchronisation";
    private static final long LOCK_KEY = 0x6A616D7364697273L; // "jamsdirs"
    private static final int BATCH = 100;
    /** Departures a run may act on whatever the share (a small organisation's share moves in big steps). */
    static final int ALWAYS_ALLOWED_DEPARTURES = 5;
    private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);

    /**
     * What a run did: people checked, newly removed or disabled (disabled here), back in the directory (enabled here),
     * whose names, email or photo changed, and devices revoked.
     */
    public record Result(boolean ran, String why, int checked, int removed, int disabled, int enabled,
                         int profilesUpdated, int devicesRevoked) {

        static Result skipped(String why) {
            return new Result(false, why, 0, 0, 0, 0, 0, 0);
        }
    }

    private final ExternalDirectories directories;
    private final UserReader users;
    private final DeviceReader devices;
    private final Commands commands;
    private final JdbcTemplate jdbc;
    private final Duration tick;
    private final double maxDepartedShare;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public DirectorySync(ExternalDirectories directories, UserReader users, DeviceReader devices, Commands commands,
                         JdbcTemplate jdbc, Clock clock, @Value("${jams.directory.sync.tick:30s}") Duration tick,
                         @Value("${jams.directory.sync.max-departed-share:0.2}") double maxDepartedShare) {
        this.directories = directories;
        this.users = users;
        this.devices = devices;
        this.commands = commands;
        this.jdbc = jdbc;
        this.clock = clock;
        this.tick = tick;
        this.maxDepartedShare = maxDepartedShare;
    }

    @EventListener(ApplicationReadyEvent.class)
    void schedule() {
        if (tick.isZero() || tick.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "directory-sync");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                run(false);
            } catch (RuntimeException e) {
                log.warn("The directory synchronisation failed: {}", e.getMessage());
            }
        }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs now, unless another node is running one. Blocking. */
    public Result run() {
        return run(true);
    }

    /** Runs when asked, or when the settings' interval has passed since the last run of any node. */
    private Result run(boolean asked) {
        Optional<DirectorySettings> settings = directories.settings();
        if (settings.isEmpty()) {
            return Result.skipped("People come from no directory.");
        }
        return jdbc.execute((ConnectionCallback<Result>) connection -> {
            try (var lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, LOCK_KEY);
                try (var rs = lock.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return Result.skipped("Another node is synchronising.");
                    }
                }
            }
            try {
                Instant now = clock.instant();
                if (!asked && !due(settings.get(), now)) {
                    return Result.skipped("Not due yet.");
                }
                Result result = synchronise(settings.get());
                jdbc.update("INSERT INTO directory_sync_run (id, finished_at) VALUES (1, ?) ON CONFLICT (id)"
                        + " DO UPDATE SET finished_at = EXCLUDED.finished_at", Timestamp.from(clock.instant()));
                return result;
            } finally {
                try (var unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, LOCK_KEY);
                    unlock.execute();
                }
            }
        });
    }

    private boolean due(DirectorySettings settings, Instant now) {
        if (settings.syncIntervalMinutes() == 0) {
            return false;
        }
        List<Timestamp> last = jdbc.queryForList("SELECT finished_at FROM directory_sync_run WHERE id = 1",
                Timestamp.class);
        return last.isEmpty() || !last.get(0).toInstant().plus(Duration.ofMinutes(settings.syncIntervalMinutes()))
                .isAfter(now);
    }

    private Result synchronise(DirectorySettings settings) {
        LdapConnection connection = directories.connection().orElse(null);
        if (connection == null) {
            return Result.skipped("People come from no directory.");
        }
        List<DirectoryProfileView> people = users.directoryPeople(settings.type());
        Map<String, String> departing = new LinkedHashMap<>(); // username → why, for people active here
        Map<String, String> departed = new LinkedHashMap<>(); // and those disabled here already
        List<String> returning = new ArrayList<>();
        List<RecordDirectoryProfileCommand> profiles = new ArrayList<>();
        for (int from = 0; from < people.size(); from += BATCH) {
            List<DirectoryProfileView> batch = people.subList(from, Math.min(people.size(), from + BATCH));
            Map<String, DirectoryPerson> found;
            try {
                found = connection.findByUsernames(batch.stream().map(DirectoryProfileView::username).toList());
            } catch (DirectoryFailure e) {
                log.warn("The directory synchronisation stopped, nothing changed: {}", e.getMessage());
                return Result.skipped(e.getMessage());
            }
            for (DirectoryProfileView known : batch) {
                DirectoryPerson person = found.get(known.username());
                boolean activeHere = "ACTIVE".equals(known.status());
                if (person == null || person.disabled()) {
                    (activeHere ? departing : departed).put(known.username(), person == null ? REMOVED : DISABLED);
                } else {
                    if (!activeHere) {
                        returning.add(known.username());
                    }
                    DirectoryProfiles.changed(known.username(), person, known).ifPresent(profiles::add);
                }
            }
        }
        boolean everyone = !departing.isEmpty() && departing.size() + departed.size() == people.size()
                && people.size() > 1;
        if (everyone || departing.size() > Math.max(ALWAYS_ALLOWED_DEPARTURES, people.size() * maxDepartedShare)) {
            String why = departing.size() + " of " + people.size() + " people are gone from the directory or "
                    + "disabled, more than jams.directory.sync.max-departed-share allows: nothing was changed; "
                    + "check the directory settings.";
            log.warn("The directory synchronisation changed nothing: {}", why);
            return new Result(false, why, people.size(), count(departing, REMOVED), count(departing, DISABLED), 0, 0,
                    0);
        }
        Caller sync = new Caller(ACTOR, Scope.ADMIN, ACTOR);
        departing.forEach((username, why) -> commands.sendFromServer(new DisableUserCommand(username, "person " + why,
                ACTOR), sync, ORIGIN));
        returning.forEach(username -> commands.sendFromServer(new EnableUserCommand(username, ACTOR), sync, ORIGIN));
        profiles.forEach(command -> commands.sendFromServer(command, sync, ORIGIN));
        int revoked = 0;
        if (settings.revokeDevicesOfDisabledUsers()) {
            Map<String, String> all = new LinkedHashMap<>(departed);
            all.putAll(departing);
            for (Map.Entry<String, String> person : all.entrySet()) {
                revoked += revokeDevicesOf(person.getKey(), person.getValue(), sync);
            }
        }
        if (!departing.isEmpty() || !returning.isEmpty() || revoked > 0) {
            log.info("Directory synchronisation: {} people checked, {} removed, {} disabled, {} back, {} devices "
                    + "revoked", people.size(), count(departing, REMOVED), count(departing, DISABLED),
                    returning.size(), revoked);
        }
        return new Result(true, null, people.size(), count(departing, REMOVED), count(departing, DISABLED),
                returning.size(), profiles.size(), revoked);
    }

    private static int count(Map<String, String> why, String reason) {
        return (int) why.values().stream().filter(reason::equals).count();
    }

    private int revokeDevicesOf(String username, String reason, Caller sync) {
        int revoked = 0;
        for (DeviceReader.DeviceView device : devices.devicesOf(username)) {
            if ("ACTIVE".equals(device.status())) {
                commands.sendFromServer(new RevokeDeviceCommand(username, device.deviceId(), "person " + reason,
                        ACTOR), sync, ORIGIN);
                revoked++;
            }
        }
        return revoked;
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
