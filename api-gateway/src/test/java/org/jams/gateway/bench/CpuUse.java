package org.jams.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM's threads (grouped by name) and by the server's PostgreSQL (its postmaster and the
 * processes it started; other PostgreSQL servers on the machine are not counted) while measuring: from
 * {@link #start} on, summed over the stretches between {@link #pause} and {@link #resume}.
 */
final class CpuUse {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final double CLOCK_TICKS_PER_SECOND = 100.0; // Linux USER_HZ
    private static final String POSTGRES = "postgres (the server's processes)";
    private static final String JVM_INTERNAL = "JVM-internal threads, all";

    /** The counters at one moment. */
    private record Snapshot(Map<Long, Long> threadNanos, Map<Long, String> threadNames,
                            Map<String, Double> postgresSeconds, double processSeconds,
                            Map<String, Double> jvmThreadSeconds, long[] machine) {

        static Snapshot take(long postmaster) {
            Map<Long, Long> nanos = new HashMap<>();
            Map<Long, String> names = new HashMap<>();
            snapshot(nanos, names);
            return new Snapshot(nanos, names, CpuUse.postgresSecondsByKind(postmaster),
                    cpuSeconds(Path.of("/proc/self")), CpuUse.jvmThreadSeconds(), machineTicks());
        }
    }

    private final long postmaster;
    /** Milliseconds spent while measuring, by group; sub-groups are indented. */
    private final Map<String, Double> spent = new TreeMap<>();
    /** The machine's busy and idle clock ticks while measuring. */
    private final long[] machineSpent = new long[2];
    /** Where the current stretch began; null while paused. */
    private Snapshot since;

    private CpuUse(long postmaster) {
        this.postmaster = postmaster;
    }

    /** {@code postgresData}: the server's PostgreSQL data directory, whose postmaster.pid names its postmaster. */
    static CpuUse start(Path postgresData) throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).get(0).trim());
        CpuUse use = new CpuUse(postmaster);
        use.resume();
        return use;
    }

    /** Stops counting (what runs meanwhile, a signer measurement say, is left out) until {@link #resume}. */
    void pause() {
        Snapshot now = Snapshot.take(postmaster);
        Map<Long, String> names = new HashMap<>(since.threadNames());
        names.putAll(now.threadNames());
        double javaThreads = 0;
        for (Map.Entry<Long, Long> thread : now.threadNanos().entrySet()) {
            double millis = (thread.getValue() - since.threadNanos().getOrDefault(thread.getKey(), 0L)) / 1e6;
            spent.merge(PlainText.digitsFolded(names.get(thread.getKey())), millis, Double::sum);
            javaThreads += millis;
        }
        now.postgresSeconds().forEach((kind, seconds) -> {
            double millis = (seconds - since.postgresSeconds().getOrDefault(kind, 0.0)) * 1000;
            spent.merge(POSTGRES, millis, Double::sum);
            spent.merge("  postgres: " + kind, millis, Double::sum);
        });
        // JIT compilers, GC and other JVM-internal threads are not Java threads: the process total minus the above,
        // split by the kernel's name of each thread.
        spent.merge(JVM_INTERNAL, (now.processSeconds() - since.processSeconds()) * 1000 - javaThreads, Double::sum);
        now.jvmThreadSeconds().forEach((name, seconds) -> spent.merge("  JVM-internal: " + name,
                (seconds - since.jvmThreadSeconds().getOrDefault(name, 0.0)) * 1000, Double::sum));
        machineSpent[0] += now.machine()[0] - since.machine()[0];
        machineSpent[1] += now.machine()[1] - since.machine()[1];
        since = null;
    }

    void resume() {
        since = Snapshot.take(postmaster);
    }

    /** All CPU (threads and PostgreSQL) per operation, in milliseconds. */
    double allPerOperation(int operations) {
        stopCounting();
        return all() / operations;
    }

    /** CPU per operation, in milliseconds, of the Java threads whose names start with {@code prefix}. */
    double threadsPerOperation(String prefix, int operations) {
        stopCounting();
        return spentByThreads(prefix) / operations;
    }

    private double spentByThreads(String prefix) {
        return spent.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** CPU per operation, in milliseconds, of this JVM but for the load generator's threads: the server's JVM. */
    double serverJvmPerOperation(int operations) {
        stopCounting();
        return (all() - spent.getOrDefault(POSTGRES, 0.0) - spentByThreads(EnrollmentClients.THREAD_PREFIX))
                / operations;
    }

    /** The figures are read once measuring is over: a stretch still running ends here. */
    private void stopCounting() {
        if (since != null) {
            pause();
        }
    }

    private double all() {
        return spent.entrySet().stream().filter(e -> !e.getKey().startsWith("  "))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    String report(int operations) {
        stopCounting();
        StringBuilder out = new StringBuilder();
        // The load generator shares these cores: its part is told apart, and what remains is the server's (the JIT's
        // and the garbage collector's work for the client's code included, which cannot be told apart).
        double all = all();
        double client = spentByThreads(EnrollmentClients.THREAD_PREFIX);
        out.append(String.format("  %-40s %6.2f ms%n", "all (threads and PostgreSQL)", all / operations));
        if (client > 0) {
            out.append(String.format("  %-40s %6.2f ms%n", "  the server (all but the load generator)",
                    (all - client) / operations));
            out.append(String.format("  %-40s %6.2f ms%n", "  the load generator (" + EnrollmentClients.THREAD_PREFIX
                    + "-*)", client / operations));
        }
        spent.entrySet().stream().filter(e -> e.getValue() / operations >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("  %-40s %6.2f ms%n", e.getKey(), e.getValue() / operations)));
        long busy = machineSpent[0];
        long idle = machineSpent[1];
        if (busy + idle > 0) {
            // Idle cores while clients wait mean something other than CPU (a lock, a commit) holds them back.
            out.append(String.format("  %-40s %6.2f ms (%.0f%% of the machine's CPU time)%n",
                    "machine: idle (all cores)", idle / CLOCK_TICKS_PER_SECOND * 1000 / operations,
                    100.0 * idle / (busy + idle)));
        }
        return out.toString();
    }

    private static void snapshot(Map<Long, Long> nanos, Map<Long, String> names) {
        for (ThreadInfo info : THREADS.dumpAllThreads(false, false)) {
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                nanos.put(info.getThreadId(), cpu);
                names.putIfAbsent(info.getThreadId(), info.getThreadName());
            }
        }
    }

    /**
     * CPU seconds of the server's PostgreSQL so far, by kind (connections, WAL writer...): its postmaster and running
     * processes, and those it has reaped (autovacuum workers mostly, counted with the postmaster). Other PostgreSQL
     * servers on the machine do not count.
     */
    static Map<String, Double> postgresSecondsByKind(long postmaster) {
        Map<String, Double> byKind = new TreeMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> PlainText.isDigits(p.getFileName().toString()))
                    .forEach(p -> postgresCpuSeconds(p, postmaster, byKind));
        } catch (IOException e) {
            return byKind;
        }
        return byKind;
    }

    /** CPU seconds the JIT's compiler threads have used so far. */
    static double compilerSeconds() {
        return jvmThreadSeconds().entrySet().stream().filter(e -> e.getKey().contains("Compiler"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** CPU seconds of this JVM's own (non-Java) threads, by kernel thread name with digits folded: GC, JIT, VM. */
    private static Map<String, Double> jvmThreadSeconds() {
        Map<String, Double> byName = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String name = PlainText.digitsFolded(Files.readString(task.resolve("comm")).trim());
                    if (name.startsWith("GC ") || name.startsWith("G1 ") || name.contains("Compiler")
                            || name.startsWith("VM ") || name.startsWith("Sweeper")) {
                        byName.merge(name, cpuSeconds(task), Double::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            return byName;
        }
        return byName;
    }

    /** The machine's busy and idle (with I/O wait) clock ticks on all cores, from /proc/stat. */
    private static long[] machineTicks() {
        try {
            List<String> cpu = PlainText.words(Files.readAllLines(Path.of("/proc/stat")).get(0));
            long idle = Long.parseLong(cpu.get(4)) + Long.parseLong(cpu.get(5));
            long busy = 0;
            for (int field = 1; field <= 8; field++) {
                busy += Long.parseLong(cpu.get(field));
            }
            return new long[] {busy - idle, idle};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** User and system CPU seconds of a process (all its threads), from /proc/PID/stat. */
    static double cpuSeconds(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            List<String> fields = PlainText.words(stat.substring(stat.lastIndexOf(')') + 2));
            return (Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12))) / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void postgresCpuSeconds(Path process, long postmaster, Map<String, Double> byKind) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            long pid = Long.parseLong(process.getFileName().toString());
            List<String> fields = PlainText.words(stat.substring(stat.lastIndexOf(')') + 2));
            long parent = Long.parseLong(fields.get(1));
            if (pid != postmaster && parent != postmaster) {
                return;
            }
            long ticks = Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
            String kind = pid == postmaster ? "postmaster and ended children (autovacuum workers)"
                    : postgresKind(Files.readString(process.resolve("cmdline")));
            if (pid == postmaster) {
                // Its children that ended meanwhile (autovacuum workers, closed connections) count here once reaped.
                ticks += Long.parseLong(fields.get(13)) + Long.parseLong(fields.get(14));
            }
            byKind.merge(kind, ticks / CLOCK_TICKS_PER_SECOND, Double::sum);
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile
        }
    }

    /** A PostgreSQL child by its process title: "postgres: walwriter", "postgres: user db 127.0.0.1(5) idle"... */
    private static String postgresKind(String commandLine) {
        String title = commandLine.replace('\0', ' ').trim();
        for (String background : new String[] {"autovacuum worker", "autovacuum launcher", "walwriter",
                "checkpointer", "background writer", "logical replication launcher", "walsender"}) {
            if (title.contains(background)) {
                return background;
            }
        }
        return "connections (backends)";
    }
}
