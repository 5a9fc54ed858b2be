package org.jams.gateway.jami;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A private OpenDHT node ({@code dhtnode -s -p PORT}) for jamid to bootstrap from: without a
 * reachable DHT node a JAMS account stays TRYING and never syncs with the server.
 *
 * <p>{@code -s} is dhtnode's non-forking service mode: no interactive prompt on stdin, and the
 * PID we hold is the node itself. dhtnode 2.4.12 has no bind-address option: it binds the UDP
 * port on 0.0.0.0 and [::]. {@link #boundAddresses()} shows that; tests reach it via 127.0.0.1.
 */
public final class DhtNode implements AutoCloseable {

    static final String DHTNODE = "/usr/bin/dhtnode";

    private final ChildProcess process;
    private final int port;
    private final Path dir;

    private DhtNode(ChildProcess process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Starts a node on a free UDP port and returns once dhtnode holds that port. */
    public static DhtNode start() {
        Path dir = HarnessFiles.createTempDir("jami-dhtnode-");
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // another process may grab the port first
            int port = freeUdpPort();
            ChildProcess p = ChildProcess.start("dhtnode",
                    List.of(DHTNODE, "-s", "-p", Integer.toString(port)),
                    Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString()), dir.resolve("dhtnode.log"));
            DhtNode node = new DhtNode(p, port, dir);
            try {
                node.awaitBound(Duration.ofSeconds(10));
                return node;
            } catch (IllegalStateException e) {
                last = e;
                p.stop(Duration.ofSeconds(2));
            }
        }
        HarnessFiles.deleteRecursively(dir);
        throw last;
    }

    public int port() {
        return port;
    }

    /** The value for jamid's {@code Account.hostname}. */
    public String bootstrapAddress() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return process.log();
    }

    /** The local addresses of the UDP sockets this dhtnode process holds, e.g. {@code 0.0.0.0:4222}. */
    public List<String> boundAddresses() {
        Set<String> inodes = socketInodes(process.pid());
        List<String> result = new ArrayList<>();
        result.addAll(udpSockets(Path.of("/proc/net/udp"), inodes));
        result.addAll(udpSockets(Path.of("/proc/net/udp6"), inodes));
        return result;
    }

    private void awaitBound(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dhtnode exited: " + process.tail(20));
            }
            if (boundAddresses().stream().anyMatch(a -> a.endsWith(":" + port))) {
                return;
            }
            sleep(20);
        }
        throw new IllegalStateException("dhtnode did not bind UDP " + port + ": " + process.tail(20));
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0)) { // wildcard, like dhtnode binds
            return s.getLocalPort();
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // fd closed meanwhile
                }
            }
        } catch (IOException e) {
            // process gone
        }
        return inodes;
    }

    /** Parses /proc/net/udp{,6}: "sl local_address rem_address st … uid timeout inode". */
    static List<String> udpSockets(Path table, Set<String> inodes) {
        List<String> result = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(table);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    result.add(procAddress(local[0]) + ":" + Integer.parseInt(local[1], 16));
                }
            }
        } catch (IOException e) {
            // no IPv6 table
        }
        return result;
    }

    /** /proc prints each 32-bit word of the address in host (little-endian) order. */
    private static String procAddress(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        for (int w = 0; w < raw.length; w += 4) {
            byte b0 = raw[w], b1 = raw[w + 1];
            raw[w] = raw[w + 3];
            raw[w + 1] = raw[w + 2];
            raw[w + 2] = b1;
            raw[w + 3] = b0;
        }
        try {
            String a = InetAddress.getByAddress(raw).getHostAddress();
            return raw.length == 16 ? "[" + a + "]" : a;
        } catch (IOException e) {
            return hex;
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

    /** Stops dhtnode by its PID (SIGTERM, then SIGKILL) and removes its temp dir. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
        HarnessFiles.deleteRecursively(dir);
    }
}
