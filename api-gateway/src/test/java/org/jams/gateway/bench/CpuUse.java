package org.jams.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** CPU time spent by this JVM's threads (grouped by name) and by PostgreSQL processes between two moments. */
final class CpuUse {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final double CLOCK_TICKS_PER_SECOND = 100.0; // Linux USER_HZ

    private final Map<Long, Long> threadNanos;
    private final Map<Long, String> threadNames;
    private final double postgresSeconds;

    private CpuUse(Map<Long, Long> threadNanos, Map<Long, String> threadNames, double postgresSeconds) {
        this.threadNanos = threadNanos;
        this.threadNames = threadNames;
        this.postgresSeconds = postgresSeconds;
    }

    static CpuUse start() {
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        snapshot(nanos, names);
        return new CpuUse(nanos, names, postgresSeconds());
    }

    String report(int operations) {
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> names = new HashMap<>(threadNames);
        snapshot(nanos, names);
        Map<String, Double> byGroup = new TreeMap<>();
        nanos.forEach((id, now) -> {
            double spent = (now - threadNanos.getOrDefault(id, 0L)) / 1e6;
            byGroup.merge(names.get(id).replaceAll("\\d+", "N"), spent, Double::sum);
        });
        byGroup.put("postgres (all processes)", (postgresSeconds() - postgresSeconds) * 1000);
        StringBuilder out = new StringBuilder();
        byGroup.entrySet().stream().filter(e -> e.getValue() / operations >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("  %-40s %6.2f ms%n", e.getKey(), e.getValue() / operations)));
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

    private static double postgresSeconds() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .mapToDouble(CpuUse::postgresCpuSeconds).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static double postgresCpuSeconds(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            int close = stat.lastIndexOf(')');
            String name = stat.substring(stat.indexOf('(') + 1, close);
            if (!name.startsWith("postgres")) {
                return 0;
            }
            String[] fields = stat.substring(close + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
    }
}
