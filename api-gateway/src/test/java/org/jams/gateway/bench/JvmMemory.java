package org.jams.gateway.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server JVM's memory as its own Micrometer meters report it ({@code /actuator/prometheus}: the MemoryMXBean's
 * pools and the BufferPool MXBeans), beside the process's resident set from /proc.
 */
record JvmMemory(long rss, long peakRss, Map<String, Double> heapUsedByPool, double heapCommitted, double heapMax,
                 Map<String, Double> nonHeapUsedByPool, double nonHeapCommitted, double directBuffers,
                 double mappedBuffers, double liveThreads, double liveDataAfterGc) {

    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(?:\\{([^}]*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final double MB = 1024 * 1024;

    static JvmMemory read(ServerProcess server) throws Exception {
        long rss = server.status("VmRSS");
        long peak = server.status("VmHWM");
        String scrape = server.http().get("/actuator/prometheus", BenchSetup.ADMIN);
        Map<String, Double> heapUsed = new TreeMap<>();
        Map<String, Double> nonHeapUsed = new TreeMap<>();
        double[] sums = new double[7]; // heap committed, heap max, non-heap committed, direct, mapped, threads, live
        for (String line : scrape.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (!sample.matches()) {
                continue;
            }
            Map<String, String> labels = labels(sample.group(2) == null ? "" : sample.group(2));
            double value = Double.parseDouble(sample.group(3));
            String area = labels.getOrDefault("area", "");
            String id = labels.getOrDefault("id", "");
            switch (sample.group(1)) {
                case "jvm_memory_used_bytes" -> (area.equals("heap") ? heapUsed : nonHeapUsed).put(id, value);
                case "jvm_memory_committed_bytes" -> sums[area.equals("heap") ? 0 : 2] += value;
                case "jvm_memory_max_bytes" -> sums[1] += area.equals("heap") && value > 0 ? value : 0;
                case "jvm_buffer_memory_used_bytes" -> sums[id.equals("direct") ? 3 : 4] += value;
                case "jvm_threads_live_threads" -> sums[5] = value;
                case "jvm_gc_live_data_size_bytes" -> sums[6] = value;
                default -> { }
            }
        }
        return new JvmMemory(rss, peak, heapUsed, sums[0], sums[1], nonHeapUsed, sums[2], sums[3], sums[4], sums[5],
                sums[6]);
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        Matcher label = LABEL.matcher(text);
        while (label.find()) {
            labels.put(label.group(1), label.group(2));
        }
        return labels;
    }

    double heapUsed() {
        return heapUsedByPool.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    double nonHeapUsed() {
        return nonHeapUsedByPool.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    String rssLine() {
        return String.format(Locale.ROOT, "%.0f MB (peak %.0f MB)", rss / MB, peakRss / MB);
    }

    String heapLine() {
        return String.format(Locale.ROOT, "used %.0f MB %s, committed %.0f MB, max %.0f MB", heapUsed() / MB,
                byPool(heapUsedByPool), heapCommitted / MB, heapMax / MB);
    }

    /** Resident memory that is neither heap nor non-heap: GC structures, thread stacks, malloc arenas, the JIT. */
    String otherLine() {
        return String.format(Locale.ROOT, "%.0f MB (RSS less heap and non-heap committed)",
                (rss - heapCommitted - nonHeapCommitted) / MB);
    }

    String nonHeapLine() {
        return String.format(Locale.ROOT, "used %.0f MB %s, committed %.0f MB; buffers: direct %.1f MB, "
                        + "mapped %.1f MB; %.0f threads", nonHeapUsed() / MB, byPool(nonHeapUsedByPool),
                nonHeapCommitted / MB, directBuffers / MB, mappedBuffers / MB, liveThreads);
    }

    private static String byPool(Map<String, Double> pools) {
        StringBuilder text = new StringBuilder("(");
        pools.forEach((pool, used) -> {
            if (used >= MB / 2) {
                text.append(text.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%s %.0f", pool,
                        used / MB));
            }
        });
        return text.append(")").toString();
    }
}
