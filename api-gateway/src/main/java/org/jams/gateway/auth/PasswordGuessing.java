package org.jams.gateway.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jams.command.directory.Usernames;
import org.jams.gateway.web.ApiError;
import org.jams.query.database.PendingRead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Slows password guessing: failures are counted per account and per source address in the {@code password_guessing}
 * table, which every node shares, and answered by growing waits and then a lock ({@link GuessingLimits}). A blocked
 * attempt is refused with 429 and {@code Retry-After} before the password hash runs, whatever the password and
 * whether the account exists, so the answer never tells whether it does.
 *
 * <p>An attempt that needs the password hash is counted as failed before the hash runs and given back when the
 * password was right: guesses sent in parallel all count, so a burst gets no more tries than a sequence. A password
 * the server verified lately ({@link VerifiedPasswords}) is not counted: it is no guess.
 *
 * <p>Locks and unlocks of existing accounts are events in the person's history ({@link LockHistory}). An unlock made
 * from the command line, or a lock that expired, is recorded by the first node that sees it, at the next attempt.
 */
@Component
public class PasswordGuessing {

    /** What the command line writes as the unlocker. */
    public static final String COMMAND_LINE = "command line";
    static final String LOCK_EXPIRED = "lock expired";

    private static final Logger log = LoggerFactory.getLogger(PasswordGuessing.class);

    private final JdbcTemplate jdbc;
    private final GuessingLimits limits;
    private final LockHistory history;
    private final Clock clock;

    public PasswordGuessing(JdbcTemplate jdbc, GuessingLimits limits, LockHistory history, Clock clock) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.history = history;
        this.clock = clock;
    }

    /** Who is trying: the account claimed (existing or not) and where from. */
    public record Attempt(String username, String address, boolean accountExists) {

        String accountKey() {
            return accountKey(username);
        }

        String addressKey() {
            return addressKey(address);
        }

        static String addressKey(String address) {
            String key = addressOf(address);
            return "address:" + (key.length() > 100 ? key.substring(0, 100) : key);
        }

        /** A name longer than any username is counted by its first characters (the column is bounded). */
        static String accountKey(String username) {
            String name = username == null ? "" : username;
            return "account:" + (name.length() > 100 ? name.substring(0, 100) : name);
        }
    }

    /** The failures on record when an attempt begins; a success clears the account's. */
    public record Standing(boolean accountFailuresOnRecord) {
    }

    /** The failures counted for an attempt whose password is being checked. */
    public record Counted(int accountFailures, int addressFailures) {
    }

    private record Row(int failures, Instant blockedUntil, boolean locked, String unlockedBy, Instant unlockedAt) {
    }

    /** The failures on record for an attempt's account and address, read before the attempt is judged. */
    public static final class OnRecord {

        private final String accountKey;
        private final String addressKey;
        private final Map<String, Row> rows;

        private OnRecord(String accountKey, String addressKey, Map<String, Row> rows) {
            this.accountKey = accountKey;
            this.addressKey = addressKey;
            this.rows = rows;
        }
    }

    /**
     * The read of what is on record for an attempt by this name from this address, to run with the account's own
     * read in one round trip; {@link #requireNotBlocked(Attempt, OnRecord, ServerWebExchange)} judges it.
     */
    public PendingRead<OnRecord> onRecord(String username, String address) {
        String accountKey = Attempt.accountKey(username);
        String addressKey = Attempt.addressKey(address);
        return PendingRead.of("SELECT subject, failures, blocked_until, locked, unlocked_by, unlocked_at"
                + " FROM password_guessing WHERE subject IN (?, ?)", rs -> {
                    Map<String, Row> rows = new HashMap<>();
                    while (rs.next()) {
                        rows.put(rs.getString(1), new Row(rs.getInt(2), instant(rs, 3), rs.getBoolean(4),
                                rs.getString(5), instant(rs, 6)));
                    }
                    return new OnRecord(accountKey, addressKey, rows);
                }, accountKey, addressKey);
    }

    /**
     * Refuses the attempt (429) while the account or the address is blocked, judged on what {@link #onRecord} read for
     * it; otherwise says what is on record. Notes the end of a lock (an expiry, or an unlock from the command line) as
     * an event.
     */
    public Standing requireNotBlocked(Attempt attempt, OnRecord onRecord, ServerWebExchange exchange) {
        if (!onRecord.accountKey.equals(attempt.accountKey()) || !onRecord.addressKey.equals(attempt.addressKey())) {
            throw new IllegalArgumentException("What is on record was read for another attempt");
        }
        Instant now = clock.instant();
        Map<String, Row> rows = onRecord.rows;
        Row account = rows.get(attempt.accountKey());
        Row address = rows.get(attempt.addressKey());
        if (account != null) {
            account = noteLockEnded(attempt, account, now, exchange);
        }
        if (address != null && address.locked && !address.blockedUntil.isAfter(now)) {
            jdbc.update("UPDATE password_guessing SET locked = false, failures = 0, blocked_until = NULL"
                    + " WHERE subject = ? AND locked AND blocked_until <= ?", attempt.addressKey(),
                    Timestamp.from(now));
            address = null;
        }
        Instant blockedUntil = later(account == null ? null : account.blockedUntil,
                address == null ? null : address.blockedUntil);
        if (blockedUntil != null && blockedUntil.isAfter(now)) {
            throw refusal(Duration.between(now, blockedUntil));
        }
        return new Standing(account != null && account.failures > 0);
    }

    /**
     * Counts the attempt as failed before its password is checked; refuses it (429) when it goes past a limit, as
     * parallel guesses do.
     */
    public Counted count(Attempt attempt) {
        Instant now = clock.instant();
        Map<String, Integer> failures = new HashMap<>();
        Instant[] blocked = new Instant[1];
        jdbc.query("""
                INSERT INTO password_guessing AS g (subject, failures, last_failure) VALUES (?, 1, ?), (?, 1, ?)
                ON CONFLICT (subject) DO UPDATE SET
                    failures = CASE WHEN g.last_failure < ? AND NOT g.locked THEN 1 ELSE g.failures + 1 END,
                    last_failure = EXCLUDED.last_failure
                RETURNING subject, failures, blocked_until""", rs -> {
                    failures.put(rs.getString(1), rs.getInt(2));
                    blocked[0] = later(blocked[0], instant(rs, 3));
                }, attempt.accountKey(), Timestamp.from(now), attempt.addressKey(), Timestamp.from(now),
                Timestamp.from(now.minus(limits.memory)));
        Counted counted = new Counted(failures.get(attempt.accountKey()), failures.get(attempt.addressKey()));
        if (blocked[0] != null && blocked[0].isAfter(now)) {
            throw refusal(Duration.between(now, blocked[0]));
        }
        if (counted.accountFailures > limits.lockFailures || counted.addressFailures > limits.addressLockFailures) {
            throw refusal(limits.lockDuration);
        }
        return counted;
    }

    /** The password was wrong: the account and the address wait, or are locked. */
    public void failed(Attempt attempt, Counted counted, ServerWebExchange exchange) {
        Instant now = clock.instant();
        Duration accountWait = limits.accountWait(counted.accountFailures);
        if (limits.locksAccount(counted.accountFailures)) {
            Instant until = now.plus(accountWait);
            if (lock(attempt.accountKey(), until) && attempt.accountExists()) {
                history.locked(attempt.username(), counted.accountFailures, until, exchange);
            }
        } else if (!accountWait.isZero()) {
            block(attempt.accountKey(), now.plus(accountWait));
        }
        Duration addressWait = limits.addressWait(counted.addressFailures);
        if (limits.locksAddress(counted.addressFailures)) {
            if (lock(attempt.addressKey(), now.plus(addressWait))) {
                log.warn("Locked out {} for {} after {} failed password attempts", attempt.addressKey(), addressWait,
                        counted.addressFailures);
            }
        } else if (!addressWait.isZero()) {
            block(attempt.addressKey(), now.plus(addressWait));
        }
    }

    /** The password was right: the account's failures are forgotten, and a counted attempt is given back. */
    public void succeeded(Attempt attempt, Standing standing, Counted countedOrNull) {
        // Two statements, each its own transaction: one statement locking both rows could deadlock with a
        // concurrent count(), which locks the account's row and then the address's.
        if (standing.accountFailuresOnRecord || countedOrNull != null) {
            jdbc.update("DELETE FROM password_guessing WHERE subject = ?", attempt.accountKey());
        }
        if (countedOrNull != null) {
            jdbc.update("UPDATE password_guessing SET failures = failures - 1 WHERE subject = ? AND failures > 0",
                    attempt.addressKey());
        }
    }

    /** A counted attempt whose password could not be checked (the directory did not answer) is given back. */
    public void notChecked(Attempt attempt) {
        jdbc.update("UPDATE password_guessing SET failures = failures - 1 WHERE subject IN (?, ?) AND failures > 0",
                attempt.accountKey(), attempt.addressKey());
    }

    /** An admin lifts an account's lock (and forgets its failures); whether it was locked. */
    public boolean unlock(String username, Caller admin, ServerWebExchange exchange) {
        List<Boolean> locked = jdbc.query("DELETE FROM password_guessing WHERE subject = ? RETURNING locked",
                (rs, row) -> rs.getBoolean(1), Attempt.accountKey(username));
        boolean wasLocked = locked.contains(Boolean.TRUE);
        if (wasLocked) {
            history.unlocked(username, admin.subject(), clock.instant(), admin, exchange);
        }
        return wasLocked;
    }

    /**
     * The command line lifts an account's lock (and forgets its failures) in the shared table, without a server: the
     * next node that sees the account records the unlock as an event. Whether it was locked.
     */
    public static boolean unlockFromCommandLine(Connection connection, String username) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE password_guessing SET failures = 0, blocked_until = NULL, locked = false,
                    unlocked_by = CASE WHEN locked THEN ? ELSE unlocked_by END,
                    unlocked_at = CASE WHEN locked THEN now() ELSE unlocked_at END
                WHERE subject = ? RETURNING unlocked_by IS NOT NULL""")) {
            update.setString(1, COMMAND_LINE);
            update.setString(2, Attempt.accountKey(Usernames.canonical(username)));
            try (ResultSet rs = update.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The counting key of a source address: itself, or for IPv6 its /64 (one host holds a whole /64). */
    static String addressOf(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address == null ? "" : address;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != 16) {
                return address;
            }
            byte[] prefix = Arrays.copyOf(Arrays.copyOf(bytes, 8), 16);
            return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private Row noteLockEnded(Attempt attempt, Row account, Instant now, ServerWebExchange exchange) {
        if (account.unlockedBy != null) {
            // Whichever node clears the mark records the event, once.
            int claimed = jdbc.update("UPDATE password_guessing SET unlocked_by = NULL, unlocked_at = NULL"
                    + " WHERE subject = ? AND unlocked_by IS NOT NULL", attempt.accountKey());
            if (claimed > 0 && attempt.accountExists()) {
                history.unlocked(attempt.username(), account.unlockedBy, account.unlockedAt, null, exchange);
            }
        }
        if (account.locked && !account.blockedUntil.isAfter(now)) {
            int expired = jdbc.update("UPDATE password_guessing SET locked = false, failures = 0, blocked_until = NULL"
                    + " WHERE subject = ? AND locked AND blocked_until <= ?", attempt.accountKey(),
                    Timestamp.from(now));
            if (expired > 0 && attempt.accountExists()) {
                history.unlocked(attempt.username(), LOCK_EXPIRED, account.blockedUntil, null, exchange);
            }
            return null;
        }
        return account;
    }

    /** Locks a subject until {@code until}; whether this call locked it (it was not locked already). */
    private boolean lock(String subject, Instant until) {
        return jdbc.update("UPDATE password_guessing SET locked = true, blocked_until = ? WHERE subject = ?"
                + " AND NOT locked", Timestamp.from(until), subject) > 0;
    }

    private void block(String subject, Instant until) {
        jdbc.update("UPDATE password_guessing SET blocked_until = ? WHERE subject = ? AND NOT locked"
                + " AND (blocked_until IS NULL OR blocked_until < ?)", Timestamp.from(until), subject,
                Timestamp.from(until));
    }

    private static ApiError refusal(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return ApiError.tooManyRequests("too_many_attempts", "Too many failed sign-ins: try again in " + seconds
                + (seconds == 1 ? " second." : " seconds."), seconds);
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
