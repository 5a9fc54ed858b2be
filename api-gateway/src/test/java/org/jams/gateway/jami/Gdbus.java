package org.jams.gateway.jami;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code gdbus call} against one private bus and parses the printed reply tuple. */
final class Gdbus {

    static final String GDBUS = "/usr/bin/gdbus";

    private final String busAddress;

    Gdbus(String busAddress) {
        this.busAddress = busAddress;
    }

    String busAddress() {
        return busAddress;
    }

    /**
     * The environment of every gdbus process. A UTF-8 locale matters: g_print() converts its
     * output to the locale charset, so under plain "C" non-ASCII text would come back mangled.
     */
    static Map<String, String> environment() {
        return Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C.UTF-8");
    }

    /**
     * Calls {@code interfaceName.member} on {@code objectPath} of {@code destination}. Arguments are
     * GVariant text literals (see {@link GVariantText#quote}); gdbus types them by introspecting
     * the object. Returns the members of the reply tuple.
     */
    List<Object> call(String destination, String objectPath, String interfaceName, String member,
                      Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of(GDBUS, "call", "--address", busAddress,
                "--dest", destination, "--object-path", objectPath,
                "--method", interfaceName + "." + member,
                "--timeout", Long.toString(Math.max(1, timeout.toSeconds()))));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(environment());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            String out = readAll(p.getInputStream());
            if (!p.waitFor(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("gdbus call " + member + " did not return");
            }
            if (p.exitValue() != 0) {
                throw new DbusCallException(member, err.join().strip());
            }
            return GVariantText.parseTuple(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run gdbus", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in gdbus call " + member, e);
        }
    }

    /** Bus-driver call that never activates a service (unlike any call to the service itself). */
    boolean nameHasOwner(String name) {
        List<Object> r = call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                "NameHasOwner", Duration.ofSeconds(5), GVariantText.quote(name));
        return Boolean.TRUE.equals(r.get(0));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** gdbus exited non-zero: a D-Bus error reply, an unknown method, or a bad argument. */
    static final class DbusCallException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DbusCallException(String member, String gdbusError) {
            super("D-Bus call " + member + " failed: " + gdbusError);
        }
    }
}
