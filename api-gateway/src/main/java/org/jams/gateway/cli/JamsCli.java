package org.jams.gateway.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.io.PrintWriter;
import org.jams.command.pki.NativeCrypto;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The security officers' command line, in the server's jar: {@code java -jar jams-server.jar verify|export …}.
 * The server's main method hands over to it when the first argument names one of its subcommands,
 * before Spring starts; anything else starts the server as before. Exit codes: 0 success (history verified),
 * 1 history broken, 2 wrong usage, 3 could not run (unreadable file, unreachable database, …).
 */
@Command(name = "java -jar jams-server.jar", mixinStandardHelpOptions = true, version = "JAMS server CLI",
        description = "JAMS audit tools. Without a subcommand the jar starts the server: "
                + "[PORT [CERT.pem KEY.pem]] [--jams.home=DIR] [--spring.property=value].",
        subcommands = {VerifyCommand.class, ExportCommand.class, AsOfCommand.class, RebuildCommand.class,
                UnlockCommand.class, CommandLine.HelpCommand.class})
public final class JamsCli {

    public static final int OK = 0;
    public static final int BROKEN = 1;
    public static final int USAGE = 2;
    public static final int FAILED = 3;

    /** Whether these are CLI arguments (the first names a subcommand) rather than the server's. */
    public static boolean handles(String[] args) {
        return args.length > 0 && commandLine().getSubcommands().containsKey(args[0]);
    }

    public static int run(String[] args) {
        quietLogging();
        // verify checks an Ed25519 signature per event: ACCP does it in half BouncyCastle's time.
        NativeCrypto.install(Boolean.parseBoolean(System.getProperty(NativeCrypto.PROPERTY, "true")));
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            failed.getErr().println("error: " + describe(exception));
            failed.getErr().flush();
            return FAILED;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String describe(Exception exception) {
        if (exception instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + exception.getMessage();
        }
        if (exception instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + exception.getMessage();
        }
        if (exception instanceof java.sql.SQLException) {
            return "database: " + exception.getMessage();
        }
        return exception.getMessage() == null ? exception.toString() : exception.getMessage();
    }

    /**
     * Without Spring, Logback would log everything at DEBUG to standard output, mixed with the verdict (and into
     * --json). The command line logs warnings only, to standard error.
     */
    static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && !"cli".equals(context.getProperty("jams.logging"))) {
            context.reset();
            context.putProperty("jams.logging", "cli");
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern("%level %logger{20}: %msg%n");
            encoder.start();
            ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
            stderr.setContext(context);
            stderr.setTarget("System.err");
            stderr.setEncoder(encoder);
            stderr.start();
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.setLevel(Level.WARN);
            root.addAppender(stderr);
        }
    }

    static CommandLine commandLine() {
        return new CommandLine(new JamsCli()); // picocli exits 2 (USAGE) on invalid input
    }
}
