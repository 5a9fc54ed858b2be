package org.jams.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVM options the launcher ({@code jams-server}) gives the default memory budget, asked of the launcher itself
 * ({@code JAMS_PRINT_JVM_OPTIONS}), so that a benchmark whose server runs in its own JVM measures the server as the
 * README starts it: a 200 MB heap collects and compiles differently from the quarter of the machine a bare JVM takes.
 */
final class LauncherOptions {

    private static final Path LAUNCHER = Path.of("src", "main", "launcher", "jams-server");

    private LauncherOptions() {
    }

    /** The launcher's options, from the module's directory (where Maven runs the benchmarks). */
    static List<String> ofDefaultBudget() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", LAUNCHER.toString()).redirectErrorStream(true);
        builder.environment().put("JAMS_PRINT_JVM_OPTIONS", "1");
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("JAMS_MEMORY");
        Process launcher = builder.start();
        String printed = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!launcher.waitFor(10, TimeUnit.SECONDS) || launcher.exitValue() != 0 || printed.isEmpty()) {
            throw new IllegalStateException("The launcher " + LAUNCHER.toAbsolutePath() + " printed no JVM options: "
                    + printed);
        }
        return Arrays.asList(printed.split("\\s+"));
    }

    /** Those of the launcher's options this JVM was not started with. */
    static List<String> missingFromThisJvm(List<String> launcherOptions) {
        List<String> mine = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return launcherOptions.stream().filter(option -> !mine.contains(option)).toList();
    }

    /** The command-line argument that starts Maven's test JVM with the launcher's options. */
    static String argLine(List<String> launcherOptions) {
        return "-DargLine=\"" + String.join(" ", launcherOptions) + "\"";
    }
}
