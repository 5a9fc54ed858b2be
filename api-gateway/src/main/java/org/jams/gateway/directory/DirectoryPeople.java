package org.jams.gateway.directory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.jams.api.directory.DirectoryCommands.EnableUserCommand;
import org.jams.api.directory.DirectoryCommands.RegisterUserCommand;
import org.jams.api.directory.DirectorySettings;
import org.jams.command.directory.Usernames;
import org.jams.gateway.auth.AccountNames;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.auth.DirectoryLogin;
import org.jams.gateway.auth.Scope;
import org.jams.gateway.axon.Commands;
import org.jams.gateway.web.ApiError;
import org.jams.query.directory.UserReader.DirectoryProfileView;
import org.jams.query.directory.UserReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Signs people in with the directory's passwords: finds their entry with the read-only account, then binds as that
 * entry with the password they gave. No directory password is stored here. A person seen for the first time gets
 * their Jami account, named by the directory's username whatever they typed (a userPrincipalName, DOMAIN\name).
 */
@Component
public class DirectoryPeople implements DirectoryLogin {

    private static final Logger log = LoggerFactory.getLogger(DirectoryPeople.class);
    private static final int MAX_DISPLAY_NAME = 128;
    private static final int MAX_LOGIN = 256;

    private final ExternalDirectories directories;
    private final UserReader users;
    private final Commands commands;
    private final AccountNames accountNames;

    public DirectoryPeople(ExternalDirectories directories, UserReader users, Commands commands,
                           AccountNames accountNames) {
        this.directories = directories;
        this.users = users;
        this.commands = commands;
        this.accountNames = accountNames;
    }

    @Override
    public boolean enabled() {
        return directories.settings().isPresent();
    }

    @Override
    public Optional<Caller> authenticate(String login, String password, ServerWebExchange exchange) {
        Optional<DirectorySettings> settings = directories.settings();
        if (settings.isEmpty() || login == null || login.isBlank() || login.length() > MAX_LOGIN) {
            return Optional.empty();
        }
        DirectoryPerson person;
        try {
            LdapConnection connection = directories.connection().orElse(null);
            if (connection == null) {
                return Optional.empty();
            }
            person = connection.findPerson(typedName(settings.get(), login.trim())).orElse(null);
            if (person == null || person.disabled() || person.username() == null
                    || !connection.passwordMatches(person.dn(), password)) {
                return Optional.empty();
            }
        } catch (DirectoryFailure e) {
            log.warn("The directory could not check a password: {}", e.getMessage());
            throw ApiError.unavailable("directory_unavailable",
                    "The directory that checks passwords cannot be reached; try again in a moment.");
        }
        if (person.photoBase64() != null) {
            exchange.getAttributes().put(DirectoryLogin.PHOTO_ATTRIBUTE, person.photoBase64());
        }
        String username = Usernames.canonical(person.username());
        Caller caller = new Caller(username, Scope.USER, "basic", null, displayName(person));
        Optional<DirectoryProfileView> known = users.profileOf(username);
        if (known.isPresent() && ("REVOKED".equals(known.get().status())
                || "local".equals(known.get().source()))) {
            // Revoked here; or a person created here holds the name, and a directory entry does not sign in as them.
            return Optional.empty();
        }
        if (known.isEmpty()) {
            register(username, caller.displayName(), settings.get().type(), caller, exchange);
        }
        // The directory has them, enabled: a person disabled here by a synchronisation is back.
        if (known.isPresent() && "DISABLED".equals(known.get().status())) {
            commands.sendFromBlockingThread(new EnableUserCommand(username, "directory"), caller, exchange);
        }
        DirectoryProfiles.changed(username, person, known.orElse(null))
                .ifPresent(command -> commands.sendFromBlockingThread(command, caller, exchange));
        return Optional.of(caller);
    }

    /**
     * An admin looks up someone this server does not know yet: when the directory has them, enabled, they become
     * known here as at a first sign-in (their Jami account, and what the directory says about them), with the admin as
     * the actor. Answers whether the directory has them. Blocking.
     */
    public boolean registerLookedUp(String username, Caller admin, ServerWebExchange exchange) {
        Optional<DirectorySettings> settings = directories.settings();
        if (settings.isEmpty()) {
            return false;
        }
        DirectoryPerson person;
        try {
            LdapConnection connection = directories.connection().orElse(null);
            person = connection == null ? null : connection.findByUsernames(List.of(username)).get(username);
        } catch (DirectoryFailure e) {
            log.warn("The directory could not be asked for a person: {}", e.getMessage());
            throw ApiError.unavailable("directory_unavailable",
                    "The directory that holds the people cannot be reached; try again in a moment.");
        }
        if (person == null || person.disabled() || users.profileOf(username).isPresent()) {
            return false;
        }
        register(username, displayName(person), settings.get().type(), admin, exchange);
        DirectoryProfiles.changed(username, person, null)
                .ifPresent(command -> commands.sendFromBlockingThread(command, admin, exchange));
        return true;
    }

    /** A person the directory vouches for becomes known here: their Jami account. */
    private void register(String username, String displayName, String source, Caller actor,
                          ServerWebExchange exchange) {
        try {
            Usernames.requireValid(username);
        } catch (RuntimeException e) {
            throw ApiError.forbidden("unusable_username", "The directory's username " + username
                    + " cannot name a Jami account here: it needs 3 to 32 lower-case letters, digits, '_', '.' or '-'.");
        }
        if (accountNames.isAdminOrAuditor(username)) {
            throw ApiError.forbidden("account_exists", "An administrator or auditor of this server is named "
                    + username + "; the directory's person of that name cannot sign in here.");
        }
        try {
            commands.sendFromBlockingThread(new RegisterUserCommand(username, displayName, "", source), actor,
                    exchange);
        } catch (AggregateStreamCreationException e) {
            // Registered meanwhile by a concurrent sign-in (on this node or another): the person exists.
        }
    }

    /** What the user filter is given: Active Directory's DOMAIN\name is matched by its name. */
    private static String typedName(DirectorySettings settings, String login) {
        int backslash = login.indexOf('\\');
        if (DirectorySettings.ACTIVE_DIRECTORY.equals(settings.type()) && backslash > 0
                && login.substring(0, backslash).toUpperCase(Locale.ROOT)
                .equals(settings.domain().toUpperCase(Locale.ROOT))) {
            return login.substring(backslash + 1);
        }
        return login;
    }

    private static String displayName(DirectoryPerson person) {
        String name = DirectoryProfiles.CONTROL_CHARACTERS.matcher(person.nameToShow()).replaceAll(" ").trim();
        return name.length() > MAX_DISPLAY_NAME ? name.substring(0, MAX_DISPLAY_NAME) : name;
    }
}
