package org.jams.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The command-line tools and servers the directory tests run: slapd, Samba, their tools. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /** Runs a command to its end, feeding it {@code input} (or nothing); its output, or an error with it. */
    static String run(List<String> command, String input, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                        + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the server accepts connections on every port of 127.0.0.1; fails with {@code why} if it dies. */
    static void awaitPorts(Process server, Duration timeout, Supplier<String> why, int... ports) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!acceptsAll(ports)) {
            if (System.nanoTime() > deadline || !server.isAlive()) {
                throw new IllegalStateException(why.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops a server that exits when its stdin closes; kills it and its children if it has not within 10 s. */
    static void stopByClosingStdin(Process server) {
        try {
            server.getOutputStream().close();
            if (server.waitFor(10, TimeUnit.SECONDS)) {
                return;
            }
        } catch (IOException e) {
            // killed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.descendants().forEach(ProcessHandle::destroyForcibly);
        server.destroyForcibly();
    }

    /** Deletes a test server's temporary directory; one left behind is no failure. */
    static void deleteQuietly(Path directory) {
        try {
            TestHomes.deleteRecursively(directory);
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    private static boolean acceptsAll(int... ports) {
        for (int port : ports) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
