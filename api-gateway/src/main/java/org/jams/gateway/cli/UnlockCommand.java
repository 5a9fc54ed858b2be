package org.jams.gateway.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jams.gateway.auth.PasswordGuessing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code unlock USERNAME}: lifts the lock that failed password attempts put on an account, an admin's included, so
 * that no one is locked out of their own server. Works whether the server runs or not; the next sign-in attempt
 * records the unlock in the account's history.
 */
@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = {"Lifts the lock that failed password attempts put on an account (a user, an admin or an "
                + "auditor) and forgets its failures. The unlock is recorded as an event at the account's next "
                + "sign-in attempt.",
                "Exit status: 0 unlocked, 1 the account was not locked, 2 wrong usage, 3 could not run."})
final class UnlockCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "USERNAME", description = "The account to unlock.")
    String username;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean unlocked;
        try (DatabaseOptions.Opened opened = database.open()) {
            unlocked = PasswordGuessing.unlockFromCommandLine(opened.connection, username);
        }
        out.println(unlocked ? "Unlocked " + username + "." : username + " was not locked.");
        return unlocked ? JamsCli.OK : JamsCli.BROKEN;
    }
}
