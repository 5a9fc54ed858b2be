package org.jams.command.setup;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.jams.api.error.DomainException;
import org.jams.api.setup.SetupCommands.ChangeServerSettingsCommand;
import org.jams.api.setup.SetupCommands.ConfigureDirectoryCommand;
import org.jams.api.setup.SetupCommands.ConfigureExternalDirectoryCommand;
import org.jams.api.setup.SetupCommands.ConfigureOrganisationCaCommand;
import org.jams.api.setup.SetupCommands.CreateAdminAccountCommand;
import org.jams.api.setup.SetupCommands.CreateAuditorAccountCommand;
import org.jams.api.setup.SetupEvents.AdminAccountCreatedEvent;
import org.jams.api.setup.SetupEvents.AuditorAccountCreatedEvent;
import org.jams.api.setup.SetupEvents.DirectoryConfiguredEvent;
import org.jams.api.setup.SetupEvents.ExternalDirectoryConfiguredEvent;
import org.jams.api.setup.SetupEvents.OrganisationCaConfiguredEvent;
import org.jams.api.setup.SetupEvents.ServerSettingsChangedEvent;
import org.jams.command.directory.Usernames;

/** The server's one-time setup: the first admin, the organisation CA, the user directory and the settings. */
@Aggregate
public class ServerSetup {

    private static final Set<String> DIRECTORY_TYPES = Set.of("local");

    @AggregateIdentifier
    private String setupId;
    private boolean adminCreated;
    private boolean caConfigured;
    private String adminUsername;
    private final Set<String> auditors = new HashSet<>();

    protected ServerSetup() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CreateAdminAccountCommand command) {
        if (adminCreated) {
            throw DomainException.conflict("admin_exists", "An administrator already exists; sign in as that administrator.");
        }
        Usernames.requireValid(command.username());
        requirePasswordHash(command.passwordHash());
        apply(new AdminAccountCreatedEvent(command.setupId(), command.username(), command.passwordHash(),
                GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ConfigureOrganisationCaCommand command, OrganisationCaInspector inspector) {
        if (caConfigured) {
            throw DomainException.conflict("ca_exists",
                    "The organisation CA is already configured; account certificates depend on it.");
        }
        OrganisationCaInspector.CaSummary ca = inspector.inspect(command.certificatePem());
        apply(new OrganisationCaConfiguredEvent(command.setupId(), command.certificatePem(), command.caKeyId(),
                ca.subject(), ca.serial(), ca.notBefore(), ca.notAfter(), command.origin()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ConfigureDirectoryCommand command) {
        if (command.type() == null || !DIRECTORY_TYPES.contains(command.type())) { // Set.of rejects null lookups
            throw DomainException.invalid("unsupported_directory", "Directory type '" + command.type()
                    + "' is not supported here; use 'local', or send the settings of an 'ldap' or 'ad' directory.");
        }
        apply(new DirectoryConfiguredEvent(command.setupId(), command.type()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ConfigureExternalDirectoryCommand command) {
        DirectorySettingsRules.requireValid(command.settings());
        if (command.sealedBindPassword() == null || command.sealedBindPassword().isBlank()) {
            throw DomainException.invalid("missing_bindPassword", "bindPassword is required.");
        }
        apply(new ExternalDirectoryConfiguredEvent(command.setupId(), command.settings(),
                command.sealedBindPassword(), GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangeServerSettingsCommand command) {
        requireRange("deviceLifetimeDays", command.deviceLifetimeDays(), 1, 3650);
        requireRange("userLifetimeDays", command.userLifetimeDays(), 1, 3650);
        requireRange("crlLifetimeMinutes", command.crlLifetimeMinutes(), 1, 525600);
        String origin = command.corsOrigin() == null ? "" : command.corsOrigin().trim();
        if (!origin.isEmpty() && !origin.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
            throw DomainException.invalid("invalid_cors_origin",
                    "corsOrigin must be empty or an origin such as https://admin.example.org.");
        }
        apply(new ServerSettingsChangedEvent(command.setupId(), command.deviceLifetimeDays(),
                command.userLifetimeDays(), command.crlLifetimeMinutes(), origin, publicUrl(command.publicUrl())));
    }

    /** Empty, or an http(s) URL with no query or fragment, without its trailing slash. */
    private static String publicUrl(String given) {
        String url = given == null ? "" : given.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (!url.isEmpty() && (url.length() > 255
                || !url.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?(/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?"))) {
            throw DomainException.invalid("invalid_public_url", "publicUrl must be empty or the address relying "
                    + "parties reach this server at, such as https://jams.example.org (no query, at most 255 "
                    + "characters).");
        }
        return url;
    }

    /** An auditor account (reads everything, changes nothing); the gateway lets only an admin send this. */
    @CommandHandler
    public void handle(CreateAuditorAccountCommand command) {
        Usernames.requireValid(command.username());
        requirePasswordHash(command.passwordHash());
        if (auditors.contains(command.username()) || command.username().equals(adminUsername)) {
            throw DomainException.conflict("account_exists", "An account named " + command.username()
                    + " already exists.");
        }
        apply(new AuditorAccountCreatedEvent(command.setupId(), command.username(), command.passwordHash(),
                GenericEventMessage.clock.instant()));
    }

    @EventSourcingHandler
    void on(AdminAccountCreatedEvent event) {
        setupId = event.setupId();
        adminCreated = true;
        adminUsername = event.username();
    }

    @EventSourcingHandler
    void on(AuditorAccountCreatedEvent event) {
        setupId = event.setupId();
        auditors.add(event.username());
    }

    @EventSourcingHandler
    void on(OrganisationCaConfiguredEvent event) {
        setupId = event.setupId();
        caConfigured = true;
    }

    @EventSourcingHandler
    void on(DirectoryConfiguredEvent event) {
        setupId = event.setupId();
    }

    @EventSourcingHandler
    void on(ExternalDirectoryConfiguredEvent event) {
        setupId = event.setupId();
    }

    @EventSourcingHandler
    void on(ServerSettingsChangedEvent event) {
        setupId = event.setupId();
    }

    private static void requirePasswordHash(String hash) {
        if (hash == null || hash.isBlank()) {
            throw DomainException.invalid("missing_password", "A password is required.");
        }
    }

    private static void requireRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw DomainException.invalid("invalid_" + field,
                    field + " must be between " + min + " and " + max + ", not " + value + ".");
        }
    }
}
