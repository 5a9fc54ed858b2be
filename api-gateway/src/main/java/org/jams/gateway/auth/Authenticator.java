package org.jams.gateway.auth;

import java.util.Optional;
import org.jams.command.directory.Usernames;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.gateway.web.ClientAddress;
import org.jams.query.database.OneRoundTrip;
import org.jams.query.database.PendingRead;
import org.jams.query.directory.AccountPasswordReader.StoredPassword;
import org.jams.query.directory.AccountPasswordReader;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Checks credentials against the admin accounts, the users and the bearer tokens. */
@Component
public class Authenticator {

    private final AccountPasswordReader accounts;
    private final PasswordHasher passwords;
    private final AccessTokens tokens;
    private final BlockingWork blocking;
    private final VerifiedPasswords verified;
    private final PasswordGuessing guessing;
    private final ClientAddress clientAddress;
    private final DirectoryLogin directory;
    private final OneRoundTrip roundTrip;

    public Authenticator(AccountPasswordReader accounts, PasswordHasher passwords, AccessTokens tokens,
                         BlockingWork blocking, VerifiedPasswords verified, PasswordGuessing guessing,
                         ClientAddress clientAddress, DirectoryLogin directory, OneRoundTrip roundTrip) {
        this.roundTrip = roundTrip;
        this.directory = directory;
        this.verified = verified;
        this.guessing = guessing;
        this.clientAddress = clientAddress;
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.blocking = blocking;
    }

    /** The caller, if credentials were sent and are valid; an error for invalid ones; empty when none were sent. */
    public Mono<Caller> authenticate(ServerWebExchange exchange) {
        Optional<Credentials> credentials = Credentials.from(exchange.getRequest());
        if (credentials.isEmpty()) {
            return Mono.empty();
        }
        return blocking.call(() -> identify(credentials.get(), exchange)
                .orElseThrow(() -> invalid(credentials.get())));
    }

    /**
     * Who the credentials, already read from the request, belong to: empty for a wrong password or an unknown token.
     * Blocking. Refused attempts that are no verdict on the credentials (429 while guessing is slowed, a directory
     * that cannot answer) are thrown as their {@link ApiError}.
     */
    public Optional<Caller> identify(Credentials credentials, ServerWebExchange exchange) {
        return identify(credentials, exchange, null);
    }

    /**
     * {@link #identify(Credentials, ServerWebExchange)}, with a read about the person signing in by password run in
     * the sign-in's round trip ({@link ReadAlongside}).
     */
    public Optional<Caller> identify(Credentials credentials, ServerWebExchange exchange, ReadAlongside<?> alongside) {
        if (credentials instanceof Credentials.Bearer bearer) {
            return tokens.resolve(bearer.token());
        }
        Credentials.Basic basic = (Credentials.Basic) credentials;
        return checkPassword(basic.username(), basic.password(), exchange, alongside);
    }

    /** The 401 for credentials that {@link #identify} found to belong to no one. */
    public static ApiError invalid(Credentials credentials) {
        return credentials instanceof Credentials.Bearer
                ? ApiError.unauthorized("The access token is unknown or expired; sign in again.")
                : ApiError.unauthorized("Wrong username or password.");
    }

    /** Requires an admin, by Basic credentials or an ADMIN token. */
    public Mono<Caller> requireAdmin(ServerWebExchange exchange) {
        return authenticate(exchange)
                .switchIfEmpty(Mono.error(ApiError.unauthorized("Sign in as an administrator.")))
                .flatMap(caller -> caller.scope() == Scope.ADMIN ? Mono.just(caller)
                        : Mono.error(ApiError.forbidden("forbidden", "This needs an administrator.")));
    }

    /**
     * Requires an admin or an auditor: for what only reads (admin GETs, audit trails, exports, as-of queries).
     * Never use it on a change: {@link #requireAdmin} refuses auditors.
     */
    public Mono<Caller> requireAuditorOrAdmin(ServerWebExchange exchange) {
        return authenticate(exchange)
                .switchIfEmpty(Mono.error(ApiError.unauthorized("Sign in as an administrator or an auditor.")))
                .flatMap(caller -> caller.scope() == Scope.ADMIN || caller.scope() == Scope.AUDITOR
                        ? Mono.just(caller)
                        : Mono.error(ApiError.forbidden("forbidden", "This needs an administrator or an auditor.")));
    }

    /** Requires a device or its user: a DEVICE or USER token (a USER token may do whatever its devices do). */
    public Mono<Caller> requireDeviceOrUser(ServerWebExchange exchange) {
        return authenticate(exchange)
                .switchIfEmpty(Mono.error(ApiError.unauthorized("Sign in with POST /api/login first.")))
                .flatMap(caller -> caller.scope() == Scope.DEVICE || caller.scope() == Scope.USER ? Mono.just(caller)
                        : Mono.error(ApiError.forbidden("forbidden", "This needs a device or user token.")));
    }

    /** Requires a USER token or a user's Basic credentials. */
    public Mono<Caller> requireUser(ServerWebExchange exchange) {
        return authenticate(exchange)
                .switchIfEmpty(Mono.error(ApiError.unauthorized("Sign in with POST /api/login first.")))
                .flatMap(caller -> caller.scope() == Scope.USER ? Mono.just(caller)
                        : Mono.error(ApiError.forbidden("forbidden", "This needs a user token.")));
    }

    /**
     * Checks a username and password: an admin account first, then an auditor, then a user. Refused with 429 while
     * the account or the caller's address is blocked for failed attempts ({@link PasswordGuessing}). Blocking.
     */
    public Optional<Caller> checkPassword(String username, String password, ServerWebExchange exchange) {
        return checkPassword(username, password, exchange, null);
    }

    private Optional<Caller> checkPassword(String username, String password, ServerWebExchange exchange,
                                           ReadAlongside<?> alongside) {
        String canonical = Usernames.canonical(username);
        String address = clientAddress.of(exchange);
        // The account and its guessing record in one round trip: every sign-in and enrollment needs both.
        PendingRead<Optional<StoredPassword>> accountRead = accounts.read(canonical);
        PendingRead<PasswordGuessing.OnRecord> recordRead = guessing.onRecord(canonical, address);
        OneRoundTrip.Results read = alongside == null ? roundTrip.run(accountRead, recordRead)
                : roundTrip.run(accountRead, recordRead, alongside.readFor(canonical));
        Optional<StoredPassword> stored = read.of(accountRead);
        String hash = stored.map(StoredPassword::hash).orElse(null);
        PasswordGuessing.Attempt attempt = new PasswordGuessing.Attempt(canonical, address, stored.isPresent());
        PasswordGuessing.Standing standing = guessing.requireNotBlocked(attempt, read.of(recordRead), exchange);
        if ((stored.isEmpty() || stored.get().checkedByDirectory()) && directory.enabled()) {
            return checkWithDirectory(username, password, attempt, standing, exchange);
        }
        PasswordGuessing.Counted counted = null;
        if (hash == null || password == null || !verified.remembers(canonical, password, hash)) {
            counted = guessing.count(attempt);
            // An unknown name is checked against no hash, which costs what a wrong password costs.
            boolean matches;
            try {
                matches = matches(canonical, password, hash);
            } catch (RuntimeException e) {
                guessing.notChecked(attempt); // no verdict (too many checks at once): not a failure
                throw e;
            }
            if (!matches) {
                guessing.failed(attempt, counted, exchange);
                return Optional.empty();
            }
        }
        guessing.succeeded(attempt, standing, counted);
        if (alongside != null) {
            alongside.answer(read);
        }
        Scope scope = switch (stored.orElseThrow().kind()) {
            case ADMIN -> Scope.ADMIN;
            case AUDITOR -> Scope.AUDITOR;
            case USER -> Scope.USER;
        };
        return Optional.of(new Caller(canonical, scope, "basic", null, stored.get().displayName()));
    }

    /**
     * Admins and auditors, and people created here, are always checked here: a broken directory never locks them
     * out. Everyone else is the directory's. Failures count against guessing as they do here; an attempt the
     * directory could not answer counts for nothing.
     */
    private Optional<Caller> checkWithDirectory(String username, String password, PasswordGuessing.Attempt attempt,
                                                PasswordGuessing.Standing standing, ServerWebExchange exchange) {
        PasswordGuessing.Counted counted = guessing.count(attempt);
        Optional<Caller> caller;
        try {
            caller = directory.authenticate(username, password, exchange);
        } catch (RuntimeException e) {
            guessing.notChecked(attempt);
            throw e;
        }
        if (caller.isEmpty()) {
            guessing.failed(attempt, counted, exchange);
        } else {
            guessing.succeeded(attempt, standing, counted);
        }
        return caller;
    }

    private boolean matches(String username, String password, String storedHash) {
        if (storedHash == null || password == null) {
            return passwords.matches(password, storedHash);
        }
        return verified.matches(username, password, storedHash, () -> passwords.matches(password, storedHash));
    }
}
