package org.jams.gateway.directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jams.api.directory.DirectoryCommands.DisableUserCommand;
import org.jams.api.directory.DirectoryCommands.EnableUserCommand;
import org.jams.api.directory.DirectorySettings;
import org.jams.api.revocation.RevocationCommands.RevokeDeviceCommand;
import org.jams.command.directory.Usernames;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.auth.Scope;
import org.jams.gateway.axon.Commands;
import org.jams.gateway.directory.DirectorySyncRuns.Counts;
import org.jams.gateway.directory.DirectorySyncRuns.State;
import org.jams.gateway.directory.DirectorySyncRuns.Status;
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
 * directory settings (and when an admin asks). It pages through everyone the user filter finds (the paged results
 * control, one page in memory at a time) and, page by page, records what changed about the people known here and
 * enables those who are back. Once the whole directory was read, people it no longer has, or has disabled, are
 * disabled here and lose their devices (each revoked, with the reason, in their history) when the settings'
 * {@code revokeDevicesOfDisabledUsers} says so.
 *
 * <p>One node at a time (a PostgreSQL advisory lock; every node looks every {@code jams.directory.sync.tick} whether a
 * run is due), its progress in {@link DirectorySyncRuns} for admins on any node. A directory that stops answering
 * stops the run with no one disabled. A run that would disable more than {@code jams.directory.sync.max-departed-share}
 * of the people disables no one and says so: that is a broken base DN or filter far more often than an organisation
 * leaving.
 */
@Component
public class DirectorySync implements DisposableBean {

    /** Who the history names as revoking. */
    static final String ACTOR = "directory-sync";
    static final String REMOVED = "removed from the directory";
    static final String DISABLED = "disabled in the directory";
    /** Where the history says the synchronisation's commands came from. */
    static final String ORIGIN = "jams directory synchronisation";
    /** Who {@link DirectorySyncRuns} says started a periodic run. */
    static final String PERIODIC = "schedule";
    static final long LOCK_KEY = 0x6A616D7364697273L; // "jamsdirs"
    /** Departures a run may act on whatever the share (a small organisation's share moves in big steps). */
    static final int ALWAYS_ALLOWED_DEPARTURES = 5;
    private static final Duration START_WAIT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);

    private final ExternalDirectories directories;
    private final UserReader users;
    private final DeviceReader devices;
    private final Commands commands;
    private final JdbcTemplate jdbc;
    private final DirectorySyncRuns runs;
    private final Duration tick;
    private final double maxDepartedShare;
    private final int pageSize;
    private final Clock clock;
    /** Runs admins ask for; a second one on this node finds the lock taken and says so at once. */
    private final ExecutorService asked = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "directory-sync-asked");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledExecutorService scheduler;

    public DirectorySync(ExternalDirectories directories, UserReader users, DeviceReader devices, Commands commands,
                         JdbcTemplate jdbc, DirectorySyncRuns runs, Clock clock,
                         @Value("${jams.directory.sync.tick:30s}") Duration tick,
                         @Value("${jams.directory.sync.max-departed-share:0.2}") double maxDepartedShare,
                         @Value("${jams.directory.sync.page-size:200}") int pageSize) {
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("jams.directory.sync.page-size must be between 1 and 1000 (Active "
                    + "Directory's MaxPageSize), not " + pageSize);
        }
        this.directories = directories;
        this.users = users;
        this.devices = devices;
        this.commands = commands;
        this.jdbc = jdbc;
        this.runs = runs;
        this.clock = clock;
        this.tick = tick;
        this.maxDepartedShare = maxDepartedShare;
        this.pageSize = pageSize;
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
                run(PERIODIC, null);
            } catch (RuntimeException e) {
                log.warn("The directory synchronisation failed: {}", e.getMessage());
            }
        }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a run for an admin and answers once it has started, with its status; empty when a run is under way
     * already (on this node or another). Blocking, for a moment.
     */
    public Optional<Status> start(String admin) {
        CompletableFuture<Optional<Status>> started = new CompletableFuture<>();
        asked.execute(() -> {
            try {
                run(admin, started);
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
                log.warn("The directory synchronisation failed: {}", e.getMessage());
            }
        });
        try {
            return started.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the directory synchronisation", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The directory synchronisation did not start", e);
        }
    }

    /**
     * Runs under the lock: periodic runs when the settings' interval has passed since the last run of any node, asked
     * runs always. {@code started}, for an asked run, learns the run's first status or that another run holds the
     * lock.
     */
    private void run(String startedBy, CompletableFuture<Optional<Status>> started) {
        Optional<DirectorySettings> settings = directories.settings();
        if (settings.isEmpty()) {
            if (started != null) {
                started.completeExceptionally(new IllegalStateException("People come from no directory."));
            }
            return;
        }
        if (started == null && !due(settings.get(), clock.instant())) {
            return; // not even the lock: an admin starting a run must not find it taken by a look at the clock
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (var lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, LOCK_KEY);
                try (var rs = lock.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        if (started != null) {
                            started.complete(Optional.empty());
                        }
                        return null;
                    }
                }
            }
            try {
                if (started == null && !due(settings.get(), clock.instant())) {
                    return null; // another node ran it meanwhile
                }
                runs.begin(startedBy, clock.instant());
                if (started != null) {
                    started.complete(runs.current());
                }
                synchronise(settings.get(), new Counts());
                return null;
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
        Optional<Instant> last = runs.lastFinished();
        return last.isEmpty() || !last.get().plus(Duration.ofMinutes(settings.syncIntervalMinutes())).isAfter(now);
    }

    private void synchronise(DirectorySettings settings, Counts counts) {
        try {
            Departures departures = readDirectory(settings, counts);
            actOnDepartures(settings, departures, counts);
        } catch (DirectoryFailure e) {
            log.warn("The directory synchronisation stopped, no one was disabled: {}", e.getMessage());
            runs.end(State.FAILED, counts, e.getMessage() + " No one was disabled.", clock.instant());
        } catch (RuntimeException e) {
            runs.end(State.FAILED, counts, "The synchronisation failed (" + e.getClass().getSimpleName()
                    + "); see the server's log.", clock.instant());
            throw e;
        }
    }

    /** Who left the directory or was disabled there: active here (to disable) or disabled here already. */
    private record Departures(int known, Map<String, String> departing, Map<String, String> departed) {
    }

    /**
     * Reads the directory page by page. People known here are found in it: what it says about them is recorded when
     * it changed (their photos read in one lookup per page), and those disabled here whom it has again, enabled, are
     * enabled. Answers who is gone or disabled there.
     */
    private Departures readDirectory(DirectorySettings settings, Counts counts) {
        LdapConnection connection = directories.connection()
                .orElseThrow(() -> new DirectoryFailure(DirectoryFailure.Kind.FAILED, "People come from no directory."));
        Map<String, String> unseen = users.directoryPeople(settings.type()); // username → status here
        int known = unseen.size();
        Map<String, String> departing = new LinkedHashMap<>();
        Map<String, String> departed = new LinkedHashMap<>();
        Caller sync = new Caller(ACTOR, Scope.ADMIN, ACTOR);
        try (LdapConnection.PeoplePages pages = connection.everyone(pageSize)) {
            for (List<DirectoryPerson> page = pages.next(); page != null; page = pages.next()) {
                counts.scanned += page.size();
                Map<String, DirectoryPerson> byUsername = new HashMap<>();
                page.stream().filter(person -> person.username() != null)
                        .forEach(person -> byUsername.put(Usernames.canonical(person.username()), person));
                Map<String, DirectoryProfileView> knownHere = users.directoryProfiles(settings.type(),
                        byUsername.keySet());
                List<String> present = new ArrayList<>();
                for (DirectoryProfileView person : knownHere.values()) {
                    if (unseen.remove(person.username()) == null) {
                        continue; // listed twice by the directory
                    }
                    counts.checked++;
                    boolean activeHere = "ACTIVE".equals(person.status());
                    if (byUsername.get(person.username()).disabled()) {
                        (activeHere ? departing : departed).put(person.username(), DISABLED);
                    } else {
                        if (!activeHere) {
                            commands.sendFromServer(new EnableUserCommand(person.username(), ACTOR), sync, ORIGIN);
                            counts.enabled++;
                        }
                        present.add(person.username());
                    }
                }
                recordProfileChanges(connection, present, knownHere, sync, counts);
                runs.progress(counts);
            }
        }
        unseen.forEach((username, status) -> ("ACTIVE".equals(status) ? departing : departed).put(username, REMOVED));
        counts.checked = known;
        return new Departures(known, departing, departed);
    }

    /** The page's people with their photos, in one lookup, compared with what the directory said last. */
    private void recordProfileChanges(LdapConnection connection, List<String> present,
                                      Map<String, DirectoryProfileView> knownHere, Caller sync, Counts counts) {
        if (present.isEmpty()) {
            return;
        }
        connection.findByUsernames(present).forEach((username, person) -> {
            DirectoryProfileView last = knownHere.get(username);
            if (last != null && !person.disabled()) {
                DirectoryProfiles.changed(username, person, last).ifPresent(command -> {
                    commands.sendFromServer(command, sync, ORIGIN);
                    counts.profilesUpdated++;
                });
            }
        });
    }

    private void actOnDepartures(DirectorySettings settings, Departures departures, Counts counts) {
        Map<String, String> departing = departures.departing();
        counts.removed = count(departing, REMOVED);
        counts.disabled = count(departing, DISABLED);
        int known = departures.known();
        boolean everyone = !departing.isEmpty() && departing.size() + departures.departed().size() == known
                && known > 1;
        if (everyone || departing.size() > Math.max(ALWAYS_ALLOWED_DEPARTURES, known * maxDepartedShare)) {
            String why = departing.size() + " of " + known + " people are gone from the directory or disabled, "
                    + "more than jams.directory.sync.max-departed-share allows: no one was disabled; check the "
                    + "directory settings.";
            log.warn("The directory synchronisation disabled no one: {}", why);
            runs.end(State.HELD_BACK, counts, why, clock.instant());
            return;
        }
        Caller sync = new Caller(ACTOR, Scope.ADMIN, ACTOR);
        departing.forEach((username, why) -> commands.sendFromServer(new DisableUserCommand(username, "person " + why,
                ACTOR), sync, ORIGIN));
        if (settings.revokeDevicesOfDisabledUsers()) {
            Map<String, String> all = new LinkedHashMap<>(departures.departed());
            all.putAll(departing);
            for (Map.Entry<String, String> person : all.entrySet()) {
                counts.devicesRevoked += revokeDevicesOf(person.getKey(), person.getValue(), sync);
            }
        }
        if (!departing.isEmpty() || counts.enabled > 0 || counts.devicesRevoked > 0) {
            log.info("Directory synchronisation: {} entries read, {} people checked, {} removed, {} disabled, {} "
                    + "back, {} devices revoked", counts.scanned, known, counts.removed, counts.disabled,
                    counts.enabled, counts.devicesRevoked);
        }
        runs.end(State.FINISHED, counts, null, clock.instant());
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
        asked.shutdownNow();
    }
}
