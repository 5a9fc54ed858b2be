package org.jams.gateway.jami;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Debian Jami client daemon ({@code /usr/libexec/jamid}, 13.7.0), isolated for one test:
 * its own HOME and XDG dirs, its own {@code dbus-daemon}, and (optionally) its own host name.
 *
 * <p>Why each piece: Debian installs a D-Bus activation file for {@code cx.ring.Ring}, so on a bus
 * with service directories any early call would start a second, unmanaged jamid. The private bus
 * config has no service directories, readiness is checked with {@code NameHasOwner} (which never
 * activates), and jamid is started and stopped by PID. jamid sends the machine host name as the
 * JAMS {@code deviceName}, so a chosen name needs a private UTS namespace ({@code unshare -u},
 * root only). Two daemons that must connect to each other (ICE, then TLS) run in a
 * {@link NoIpv6Namespace}, where they reach the dhtnode and the server at the host's address.
 */
public final class JamiDaemon implements AutoCloseable {

    static final String JAMID = "/usr/libexec/jamid";
    static final String DBUS_DAEMON = "/usr/bin/dbus-daemon";
    static final String UNSHARE = "/usr/bin/unshare";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path home;
    private final Path caRootFile;
    private final String deviceName;
    private final NoIpv6Namespace namespace;
    private ChildProcess dbusDaemon;
    private Gdbus gdbus;
    private SignalRecorder signals;
    private JamiClient client;
    private ChildProcess jamid;
    private Duration lastStartDuration;

    private JamiDaemon(Path dir, Path caRootFile, String deviceName, NoIpv6Namespace namespace) {
        this.dir = dir;
        this.home = dir.resolve("home");
        this.caRootFile = caRootFile;
        this.deviceName = deviceName;
        this.namespace = namespace;
    }

    /** True when jamid, dbus-daemon, gdbus and dhtnode are installed (scripts/jami/install-test-deps.sh). */
    public static boolean isInstalled() {
        return List.of(JAMID, DBUS_DAEMON, Gdbus.GDBUS, DhtNode.DHTNODE, UNSHARE).stream()
                .allMatch(f -> Files.isExecutable(Path.of(f)));
    }

    /** Choosing the device name needs {@code unshare -u}, i.e. root. */
    public static boolean canChooseDeviceName() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Starts jamid with the machine's host name as device name. {@code caRootFile} may be null (system store). */
    public static JamiDaemon start(Path caRootFile) {
        return start(caRootFile, null);
    }

    /**
     * Starts jamid. {@code caRootFile} becomes {@code CA_ROOT_FILE} (the only trust anchors jamid
     * then uses for HTTPS); null keeps the system store. {@code deviceName}, if not null, is the
     * host name jamid sees and sends as {@code deviceName} on enrollment.
     */
    public static JamiDaemon start(Path caRootFile, String deviceName) {
        return start(caRootFile, deviceName, null);
    }

    /**
     * Like {@link #start(Path, String)}, but jamid runs inside {@code namespace} when it is not null (its bus and
     * HOME stay on the host's file system): there it can open ICE connections to another daemon, and it reaches
     * the host (dhtnode, server) only at {@link NoIpv6Namespace#hostAddress()}, never at 127.0.0.1.
     */
    public static JamiDaemon start(Path caRootFile, String deviceName, NoIpv6Namespace namespace) {
        if (deviceName != null && (deviceName.isEmpty() || deviceName.length() > 64
                || deviceName.chars().anyMatch(c -> c < 0x20))) {
            throw new IllegalArgumentException("not a usable host name: " + deviceName);
        }
        JamiDaemon d = new JamiDaemon(HarnessFiles.createTempDir("jami-e2e-"), caRootFile, deviceName,
                namespace);
        try {
            d.prepareHome();
            d.startBus();
            d.startJamid();
            return d;
        } catch (RuntimeException | Error e) {
            String logs = d.diagnostics();
            d.close();
            throw new IllegalStateException("jamid harness did not start: " + e.getMessage() + logs, e);
        }
    }

    /**
     * Adds a JAMS account for {@code username} against the server at {@code base} (its name server too) and waits
     * until it is REGISTERED; an ERROR state or the timeout fails with the end of jamid's log. The account
     * bootstraps from the dhtnode on {@code dhtPort} of the host (of its address on the namespace's link when jamid
     * runs in a namespace).
     */
    public String enrollJamsAccount(String base, String username, String password, int dhtPort, Duration timeout) {
        String dhtHost = namespace == null ? "127.0.0.1" : namespace.hostAddress();
        String account = client.addJamsAccount(base, username, password, dhtHost + ":" + dhtPort,
                base + "/api/nameserver");
        SignalRecorder.Signal state = signals.await("registrationStateChanged", s -> s.string(0).equals(account)
                && (s.string(1).equals("REGISTERED") || s.string(1).startsWith("ERROR")), timeout);
        if (!state.string(1).equals("REGISTERED")) {
            throw new AssertionError("account " + account + " went to " + state + "\n" + jamidLogTail(80));
        }
        return account;
    }

    public JamiClient client() {
        return client;
    }

    public SignalRecorder signals() {
        return signals;
    }

    /** The HOME jamid runs with; its accounts live in {@code home/.local/share/jami/<accountId>/}. */
    public Path home() {
        return home;
    }

    /** Where jamid keeps one account: {@code config.yml}, {@code ring_device.key/.crt}, … */
    public Path accountDir(String accountId) {
        return home.resolve(".local/share/jami").resolve(accountId);
    }

    public Path workDir() {
        return dir;
    }

    public Path jamidLog() {
        return dir.resolve("jamid.log");
    }

    public String busAddress() {
        return gdbus.busAddress();
    }

    public long jamidPid() {
        return jamid.pid();
    }

    /** From spawning jamid until it owned {@code cx.ring.Ring} and the recorder was subscribed. */
    public Duration lastStartDuration() {
        return lastStartDuration;
    }

    /** The last lines of jamid's log, to attach to assertion messages. */
    public String jamidLogTail(int lines) {
        return ChildProcess.tail(jamidLog(), lines);
    }

    /**
     * Stops jamid and starts it again on the same HOME and bus, e.g. to prove that an enrolled
     * account still loads (the client re-checks chain, receipt and signature only at start).
     * The recorder then holds only the new jamid's signals, from its first one on.
     */
    public void restart() {
        restart(Duration.ofSeconds(15));
    }

    /**
     * Like {@link #restart()}, but SIGKILLs jamid if it has not exited {@code jamidGrace} after
     * SIGTERM (see {@link #close(Duration)}): 13.7.0 sometimes hangs on SIGTERM, e.g. when it is
     * stopped while an HTTP request to the account manager is still in flight.
     */
    public void restart(Duration jamidGrace) {
        restart(jamidGrace, () -> {
        });
    }

    /** Like {@link #restart(Duration)}, doing {@code whileStopped} once jamid has stopped, before it starts again. */
    public void restart(Duration jamidGrace, Runnable whileStopped) {
        jamid.stop(jamidGrace);
        whileStopped.run();
        signals.forgetStoppedInstance(Duration.ofSeconds(10));
        Instant deadline = Instant.now().plusSeconds(10);
        while (gdbus.nameHasOwner(SignalRecorder.SERVICE)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("cx.ring.Ring still owned after jamid stopped");
            }
            sleep(20);
        }
        startJamid();
    }

    private void prepareHome() {
        try {
            for (String sub : List.of(".config", ".local/share", ".cache")) {
                Files.createDirectories(home.resolve(sub));
            }
            Path runtime = dir.resolve("run");
            Files.createDirectories(runtime);
            Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bus with no service directories, so nothing on it can be activated. */
    private void startBus() {
        Path socket = dir.resolve("bus");
        String config = """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(socket);
        Path configFile = dir.resolve("bus.conf");
        Path log = dir.resolve("dbus.log");
        try {
            Files.writeString(configFile, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // --print-address goes to stdout, which is the log: the address is its "unix:" line.
        dbusDaemon = ChildProcess.start("dbus-daemon", List.of(DBUS_DAEMON,
                "--config-file=" + configFile, "--nofork", "--print-address=1"),
                Map.of("PATH", "/usr/bin:/bin"), log);
        Instant deadline = Instant.now().plusSeconds(10);
        String address = null;
        while (address == null) {
            address = ChildProcess.tail(log, 50).lines().filter(l -> l.startsWith("unix:")).findFirst().orElse(null);
            if (address == null) {
                if (!dbusDaemon.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("dbus-daemon did not start: " + dbusDaemon.tail(20));
                }
                sleep(10);
            }
        }
        gdbus = new Gdbus(address.strip());
        client = new JamiClient(gdbus);
        signals = SignalRecorder.start(gdbus, dir.resolve("monitor.log"));
    }

    private void startJamid() {
        if (gdbus.nameHasOwner(SignalRecorder.SERVICE)) {
            throw new IllegalStateException("cx.ring.Ring already owned on the private bus");
        }
        List<String> cmd = new ArrayList<>();
        if (deviceName != null) {
            // unshare execs (no fork) and sh execs jamid: the PID we hold stays jamid's.
            cmd.addAll(List.of(UNSHARE, "--uts", "--", "/bin/sh", "-c",
                    "printf '%s' \"$0\" > /proc/sys/kernel/hostname && exec \"$@\"", deviceName));
        }
        cmd.addAll(List.of(JAMID, "-c", "-d", "-p")); // console log, debug, stay alive without clients
        if (namespace != null) {
            cmd = namespace.wrap(cmd); // ip netns exec also execs: still jamid's PID
        }

        Instant started = Instant.now();
        jamid = ChildProcess.start("jamid", cmd, jamidEnvironment(), jamidLog());
        Instant deadline = started.plus(START_TIMEOUT);
        while (!gdbus.nameHasOwner(SignalRecorder.SERVICE)) {
            if (!jamid.isAlive()) {
                throw new IllegalStateException("jamid exited with " + jamid.process().exitValue());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("jamid did not own cx.ring.Ring within " + START_TIMEOUT);
            }
            sleep(25);
        }
        long ownerPid = ((Number) gdbus.call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                "org.freedesktop.DBus", "GetConnectionUnixProcessID", Duration.ofSeconds(5),
                GVariantText.quote(SignalRecorder.SERVICE)).get(0)).longValue();
        if (ownerPid != jamid.pid()) {
            throw new IllegalStateException("cx.ring.Ring is owned by pid " + ownerPid + ", not our jamid " + jamid.pid());
        }
        signals.awaitSubscribed(Duration.ofSeconds(10));
        lastStartDuration = Duration.between(started, Instant.now());
    }

    /** Only what jamid needs: nothing inherited from the test JVM (no DISPLAY, no user bus). */
    private Map<String, String> jamidEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LC_ALL", "C.UTF-8");
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
        env.put("DBUS_SESSION_BUS_ADDRESS", gdbus.busAddress());
        if (caRootFile != null) {
            env.put("CA_ROOT_FILE", caRootFile.toAbsolutePath().toString());
        }
        return env;
    }

    private String diagnostics() {
        return "\n--- jamid.log (tail) ---\n" + jamidLogTail(40)
                + "\n--- dbus.log (tail) ---\n" + ChildProcess.tail(dir.resolve("dbus.log"), 10)
                + "\n--- monitor.log (tail) ---\n" + ChildProcess.tail(dir.resolve("monitor.log"), 10);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the recorder, jamid and dbus-daemon by PID, then removes the temp dir (see {@link HarnessFiles#keep()}). */
    @Override
    public void close() {
        close(Duration.ofSeconds(15));
    }

    /**
     * Like {@link #close()}, but SIGKILLs jamid if it has not exited {@code jamidGrace} after SIGTERM.
     * Seen on 13.7.0, most often once two devices of an account are online and have contacts, or
     * when an HTTP request to the account manager is cut off: on SIGTERM jamid logs "unregistering
     * account" or "Stopping schedulers and worker threads" and then never exits by itself.
     */
    public void close(Duration jamidGrace) {
        if (signals != null) {
            signals.close();
        }
        if (jamid != null) {
            jamid.stop(jamidGrace);
        }
        if (dbusDaemon != null) {
            dbusDaemon.stop(Duration.ofSeconds(5));
        }
        HarnessFiles.deleteRecursively(dir);
    }
}
