package org.jams.gateway.jami;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Records the signals of jamid's ConfigurationManager through one long-running
 * {@code gdbus monitor}, and lets a test wait for one.
 *
 * <p>Started before jamid and kept across restarts: gdbus re-subscribes each time the name
 * {@code cx.ring.Ring} gets a new owner. gdbus only subscribes <em>after</em> it sees the new
 * owner, so {@link #awaitSubscribed} checks the bus's match rules before a test goes on.
 * Measured on 13.7.0: the first signals of a restarted jamid (certificatePinned,
 * knownDevicesChanged, TRYING, REGISTERED) all arrive after that point, so none is lost.
 */
public final class SignalRecorder implements AutoCloseable {

    static final String SERVICE = "cx.ring.Ring";
    static final String CONFIG_PATH = "/cx/ring/Ring/ConfigurationManager";

    /** One received signal; {@code args} holds the parsed GVariant members in order. */
    public record Signal(long seq, Instant at, String member, List<Object> args) {

        public String string(int i) {
            return (String) args.get(i);
        }

        public long integer(int i) {
            return ((Number) args.get(i)).longValue();
        }

        /** An {@code a{ss}} argument. */
        @SuppressWarnings("unchecked")
        public Map<String, String> stringMap(int i) {
            return (Map<String, String>) (Map<?, ?>) args.get(i);
        }

        /** An {@code aa{ss}} argument. */
        @SuppressWarnings("unchecked")
        public List<Map<String, String>> stringMaps(int i) {
            return (List<Map<String, String>>) (List<?>) args.get(i);
        }

        @Override
        public String toString() {
            String a = args.toString();
            return "#" + seq + " " + member + " " + (a.length() > 300 ? a.substring(0, 300) + "…" : a);
        }
    }

    private final Gdbus gdbus;
    private final ChildProcess monitor;
    private final Thread reader;
    private final List<Signal> signals = new ArrayList<>();
    private String owner; // unique name gdbus currently follows, null when the name has no owner
    private long seq;

    private SignalRecorder(Gdbus gdbus, ChildProcess monitor) {
        this.gdbus = gdbus;
        this.monitor = monitor;
        this.reader = new Thread(this::readLines, "jami-signal-recorder");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts {@code gdbus monitor} on the bus; jamid need not be running yet. */
    static SignalRecorder start(Gdbus gdbus, Path log) {
        ChildProcess monitor = ChildProcess.startPiped("gdbus-monitor", List.of(Gdbus.GDBUS, "monitor",
                "--address", gdbus.busAddress(), "--dest", SERVICE, "--object-path", CONFIG_PATH),
                Gdbus.environment(), log);
        return new SignalRecorder(gdbus, monitor);
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                monitor.process().getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                onLine(line);
            }
        } catch (IOException e) {
            // the monitor was stopped
        } finally {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private synchronized void onLine(String line) {
        String ownedPrefix = "The name " + SERVICE + " is owned by ";
        if (line.startsWith(ownedPrefix)) {
            owner = line.substring(ownedPrefix.length()).strip();
        } else if (line.startsWith("The name " + SERVICE + " does not have an owner")) {
            owner = null;
        } else if (line.startsWith(CONFIG_PATH + ": ")) {
            // "<path>: <interface>.<member> (<args>)"
            String rest = line.substring(CONFIG_PATH.length() + 2);
            int space = rest.indexOf(' ');
            String qualified = space < 0 ? rest : rest.substring(0, space);
            String member = qualified.substring(qualified.lastIndexOf('.') + 1);
            List<Object> args;
            try {
                args = space < 0 ? List.of() : GVariantText.parseTuple(rest.substring(space + 1));
            } catch (IllegalArgumentException e) {
                args = List.of("UNPARSED: " + rest, e.getMessage());
            }
            signals.add(new Signal(++seq, Instant.now(), member, List.copyOf(nullSafe(args))));
        }
        notifyAll();
    }

    private static List<Object> nullSafe(List<Object> args) {
        return args.stream().map(a -> a == null ? "" : a).collect(Collectors.toList());
    }

    /**
     * Waits until gdbus follows the current owner of {@code cx.ring.Ring} and the bus holds its
     * match rule for that owner, so no signal of the new jamid is missed from here on.
     */
    void awaitSubscribed(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String current = (String) gdbus.call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                "org.freedesktop.DBus", "GetNameOwner", Duration.ofSeconds(5),
                GVariantText.quote(SERVICE)).get(0);
        synchronized (this) {
            while (!current.equals(owner)) {
                waitUntil(deadline, "gdbus monitor to follow " + current + " (it follows " + owner + ")");
            }
        }
        String rule = "sender='" + current + "'";
        while (true) {
            Object rules;
            try {
                rules = gdbus.call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                        "org.freedesktop.DBus.Debug.Stats", "GetAllMatchRules", Duration.ofSeconds(5)).get(0);
            } catch (Gdbus.DbusCallException e) {
                // dbus-daemon built without stats: gdbus subscribes right after printing the owner.
                sleep(200);
                return;
            }
            if (rules.toString().contains(rule)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("gdbus monitor did not subscribe to " + current + "; rules: " + rules);
            }
            sleep(10);
        }
    }

    /**
     * Waits until gdbus has seen the name lose its owner, then forgets everything recorded. The
     * bus delivers an owner's last signals before its NameOwnerChanged, so a stopping jamid's late
     * signals (UNREGISTERED, volatile details) cannot leak into the next instance's record.
     */
    synchronized void forgetStoppedInstance(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (owner != null) {
            waitUntil(deadline, "gdbus monitor to see jamid leave the bus");
        }
        signals.clear();
    }

    /**
     * The first recorded signal named {@code member} (since start, the last
     * {@link JamiDaemon#restart()} or {@link #clear()}) that
     * matches {@code filter}; waits up to {@code timeout} for it.
     *
     * @throws AssertionError on timeout, listing what was received
     */
    public synchronized Signal await(String member, Predicate<Signal> filter, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int checked = 0;
        while (true) {
            for (; checked < signals.size(); checked++) {
                Signal s = signals.get(checked);
                if (s.member().equals(member) && filter.test(s)) {
                    return s;
                }
            }
            waitUntil(deadline, "signal " + member + " within " + timeout);
        }
    }

    /** Shortcut: {@code registrationStateChanged(accountId, state, …)}. */
    public Signal awaitRegistrationState(String accountId, String state, Duration timeout) {
        return await("registrationStateChanged",
                s -> s.string(0).equals(accountId) && s.string(1).equals(state), timeout);
    }

    /** Everything recorded since start, the last {@link JamiDaemon#restart()} or {@link #clear()}, oldest first. */
    public synchronized List<Signal> received() {
        return List.copyOf(signals);
    }

    /** Forgets what was recorded, so the next {@link #await} sees only newer signals. */
    public synchronized void clear() {
        signals.clear();
    }

    private void waitUntil(Instant deadline, String what) {
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
            throw new AssertionError("timed out waiting for " + what + "; received: "
                    + signals.stream().map(Signal::toString).collect(Collectors.joining("\n  ", "\n  ", "")));
        }
        if (!monitor.isAlive()) {
            throw new AssertionError("gdbus monitor exited while waiting for " + what + ": " + monitor.tail(20));
        }
        try {
            wait(Math.min(left, 200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        monitor.stop(Duration.ofSeconds(2));
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
