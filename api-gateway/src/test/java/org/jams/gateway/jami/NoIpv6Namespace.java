package org.jams.gateway.jami;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace without IPv6, joined to the host by a veth pair: the host end has {@code 10.233.N.1/24}, the
 * namespace end {@code 10.233.N.2/24}, and the namespace routes everything through the host end. jamid runs in it
 * ({@link JamiDaemon#start(Path, String, NoIpv6Namespace)}); the dhtnode and the JAMS server stay on the host, which
 * jamid reaches at {@link #hostAddress()} (127.0.0.1 inside the namespace is the namespace's own loopback).
 *
 * <p>Why: the pjproject bundled in jamid 20230206 reads the host's IPv6 addresses with a netlink dump, and on kernels
 * from 6.9 on the dump's NLMSG_DONE arrives in the same read as the addresses; pjlib then waits for it forever and
 * blocks the account's DHT thread, so ICE between two daemons never completes. With no IPv6 address at all (IPv6
 * disabled on every interface of the namespace) the dump is empty and ICE works.
 *
 * <p>Needs root and {@code ip} (iproute2, scripts/jami/install-test-deps.sh); {@link #create()} fails otherwise,
 * naming what is missing. Names carry the JVM's pid (and a counter), and {@code N} is a third octet no interface of
 * the host uses, chosen under a file lock, so two test runs on one machine do not collide. {@link #close()} deletes
 * the link and the namespace; a JVM shutdown hook does so for one left open.
 */
public final class NoIpv6Namespace implements AutoCloseable {

    static final List<String> IP_CANDIDATES = List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip");
    private static final Path LOCK = Path.of("/tmp/jams-e2e-netns.lock");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String ip;
    private final String name;
    private final String hostLink;
    private final int octet;
    private final Thread cleanup;
    private boolean closed;

    private NoIpv6Namespace(String ip, String name, String hostLink, int octet) {
        this.ip = ip;
        this.name = name;
        this.hostLink = hostLink;
        this.octet = octet;
        this.cleanup = new Thread(this::delete, "jams-e2e-netns-cleanup");
    }

    /** Creates the namespace and its link; throws IllegalStateException (not an assumption) when it cannot. */
    public static NoIpv6Namespace create() {
        if (!isRoot()) {
            throw new IllegalStateException("a network namespace for jamid needs root (this end-to-end test runs as "
                    + "root, like scripts/test.sh), but the effective uid is not 0");
        }
        String ip = IP_CANDIDATES.stream().filter(f -> Files.isExecutable(Path.of(f))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no ip command (" + String.join(", ", IP_CANDIDATES)
                        + "): install iproute2 (scripts/jami/install-test-deps.sh)"));
        long pid = ProcessHandle.current().pid();
        try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            int octet = freeOctet(ip, pid);
            // A name left by a killed JVM with the same pid is skipped, never deleted.
            Result added = null;
            for (int attempt = 0; attempt < 8; attempt++) {
                int n = COUNTER.getAndIncrement();
                String name = "jams-e2e-" + pid + "-" + n;
                added = run(ip, List.of("netns", "add", name));
                if (added.exit != 0) {
                    continue;
                }
                NoIpv6Namespace ns = new NoIpv6Namespace(ip, name, "jv" + pid + "h" + n, octet);
                try {
                    ns.configure("jv" + pid + "n" + n);
                } catch (RuntimeException e) {
                    ns.delete();
                    throw e;
                }
                Runtime.getRuntime().addShutdownHook(ns.cleanup);
                return ns;
            }
            throw new IllegalStateException("ip netns add jams-e2e-" + pid + "-* failed: " + added.output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + LOCK, e);
        }
    }

    /** The namespace's name, for {@code ip netns exec}. */
    public String name() {
        return name;
    }

    /** The host's address on the link, as jamid in the namespace reaches the host: {@code 10.233.N.1}. */
    public String hostAddress() {
        return "10.233." + octet + ".1";
    }

    /** jamid's address inside the namespace, the source of its requests to the host: {@code 10.233.N.2}. */
    public String namespaceAddress() {
        return "10.233." + octet + ".2";
    }

    /** {@code command} run inside the namespace: {@code ip netns exec NAME command…} (ip execs: the pid is kept). */
    public List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of(ip, "netns", "exec", name));
        wrapped.addAll(command);
        return wrapped;
    }

    private void configure(String namespaceLink) {
        inside("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1",
                "net.ipv6.conf.lo.disable_ipv6=1");
        inside(ip, "link", "set", "lo", "up");
        host("link", "add", hostLink, "type", "veth", "peer", "name", namespaceLink);
        host("link", "set", namespaceLink, "netns", name);
        host("addr", "add", hostAddress() + "/24", "dev", hostLink);
        host("link", "set", hostLink, "up");
        inside(ip, "addr", "add", namespaceAddress() + "/24", "dev", namespaceLink);
        inside(ip, "link", "set", namespaceLink, "up");
        inside(ip, "route", "add", "default", "via", hostAddress());
        String addresses = inside(ip, "-o", "addr", "show");
        if (addresses.contains("inet6")) {
            throw new IllegalStateException("namespace " + name + " still has an IPv6 address:\n" + addresses);
        }
    }

    /** {@code ip args…} on the host; a non-zero exit throws with ip's output. */
    private String host(String... args) {
        Result r = run(ip, List.of(args));
        if (r.exit != 0) {
            throw new IllegalStateException("ip " + String.join(" ", args) + " exited " + r.exit + ": " + r.output);
        }
        return r.output;
    }

    /** {@code command…} inside the namespace. */
    private String inside(String... command) {
        List<String> args = new ArrayList<>(List.of("netns", "exec", name));
        args.addAll(List.of(command));
        return host(args.toArray(String[]::new));
    }

    /** The first third octet from the pid on that no IPv4 address or route of the host uses in 10.233.0.0/16. */
    private static int freeOctet(String ip, long pid) {
        String used = run(ip, List.of("-4", "-o", "addr", "show")).output + run(ip, List.of("-4", "route", "show",
                "table", "all")).output;
        for (int i = 0; i < 254; i++) {
            int octet = 1 + (int) ((pid + i) % 254);
            if (!used.contains("10.233." + octet + ".")) {
                return octet;
            }
        }
        throw new IllegalStateException("no free 10.233.N.0/24 on this host:\n" + used);
    }

    private static boolean isRoot() {
        try {
            // "Uid: real effective saved fs"
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[2]).anyMatch("0"::equals);
        } catch (IOException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String ip, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ip);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + command);
            }
            return new Result(p.exitValue(), out.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The link first (deleting one end of a veth pair deletes both), then the namespace. Best effort, idempotent. */
    private synchronized void delete() {
        if (closed) {
            return;
        }
        closed = true;
        run(ip, List.of("link", "del", hostLink));
        run(ip, List.of("netns", "del", name));
    }

    /** Deletes the link and the namespace. Stop the processes inside first: a namespace lives on while one runs. */
    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    @Override
    public String toString() {
        return name + " (host " + hostAddress() + ", namespace " + namespaceAddress() + ")";
    }
}
