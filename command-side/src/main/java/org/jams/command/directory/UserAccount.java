package org.jams.command.directory;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.jams.api.directory.DirectoryCommands.DisableUserCommand;
import org.jams.api.directory.DirectoryCommands.EnableUserCommand;
import org.jams.api.directory.DirectoryCommands.RecordDirectoryProfileCommand;
import org.jams.api.directory.DirectoryCommands.RegisterUserCommand;
import org.jams.api.directory.DirectoryEvents.DirectoryProfileChangedEvent;
import org.jams.api.directory.DirectoryEvents.UserDisabledEvent;
import org.jams.api.directory.DirectoryEvents.UserEnabledEvent;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.enrollment.DeviceEnrollment;
import org.jams.api.enrollment.EnrollmentCommands.SignDeviceCsrCommand;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.error.DomainException;
import org.jams.api.policy.PolicyCommands.RecordPolicyDeliveryCommand;
import org.jams.api.policy.PolicyEvents.PolicyDeliveredEvent;
import org.jams.api.revocation.RevocationCommands.RevokeDeviceCommand;
import org.jams.api.revocation.RevocationCommands.RevokeUserCommand;
import org.jams.api.revocation.RevocationEvents.DeviceCertificatesSupersededEvent;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;
import org.jams.api.sync.Contact;
import org.jams.api.sync.SyncCommands.SyncContactsCommand;
import org.jams.api.sync.SyncCommands.SyncConversationsCommand;
import org.jams.api.sync.SyncEvents.ContactsSyncedEvent;
import org.jams.api.sync.SyncEvents.ConversationsSyncedEvent;
import org.jams.command.enrollment.DeviceCertificateSigner;
import org.jams.command.enrollment.EnrollmentLimits;
import org.jams.command.enrollment.SignedDeviceCertificate;
import org.jams.command.sync.ContactMerge;
import org.jams.command.sync.ConversationMerge;

/**
 * A user, their Jami account identity and their devices: one event stream per user, so concurrent changes to one
 * user are serialised by the event store's optimistic concurrency and never corrupt each other.
 */
@Aggregate(cache = "userAccountCache", snapshotTriggerDefinition = "userAccountSnapshotTrigger")
// Revision 1 snapshots held every serial of a device, revision 2 ones no directory profile nor disabled flag: they
// are ignored and the state replayed.
@Revision("3")
public class UserAccount {

    /** Names earlier versions stored this aggregate's snapshots under, and today's ({@code StoredTypes}). */
    public static final Map<String, String> FORMER_NAMES = Map.of("org.jams.command.user.UserAccount",
            UserAccount.class.getName());

    /**
     * Valid certificates one device key keeps: a renewal supersedes the older ones (they are revoked, reason
     * superseded) and keeps the one before it for a device or peer that still presents it.
     */
    static final int CERTIFICATES_KEPT_PER_DEVICE = 2;
    static final int MAX_DISPLAY_NAME = 128;
    /** Where people whose passwords a directory checks come from. */
    static final Set<String> DIRECTORY_SOURCES = Set.of("ldap", "ad");
    static final int MAX_DEVICE_NAME = 255;
    static final int MAX_REASON = 512;
    static final int MAX_PROFILE_TEXT = 256;
    /** Groups recorded of a person at most, and the longest group DN kept (a longer one is left out, not cut). */
    static final int MAX_GROUPS = 500;
    static final int MAX_GROUP_DN = 1024;

    @AggregateIdentifier
    private String username;
    private String jamiId;
    private String accountCertificatePem;
    private String accountCertificateSerial;
    private String caKeyId;
    private boolean revoked;
    /** The directory disabled the person or no longer has them. */
    private boolean disabled;
    /** What the directory said about the person last; null for people created here. */
    private DirectoryProfile profile;
    private final Map<String, DeviceState> devices = new LinkedHashMap<>();
    private final Map<String, Contact> contacts = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<String, Object>>> conversationLists = new LinkedHashMap<>();
    /** When the latest enrollments were, oldest first: at most {@link EnrollmentLimits#MAX_PER_WINDOW}. */
    private final List<Instant> latestEnrollments = new ArrayList<>();

    static final int MAX_SYNC_ITEMS = 10_000;
    private static final java.util.regex.Pattern JAMI_ID = java.util.regex.Pattern.compile("[0-9a-f]{40}");
    private static final Map<String, String> CONVERSATION_KEYS = Map.of("conversations", "id",
            "conversationRequests", "conversationId");

    protected UserAccount() {
        // for Axon
    }

    @CommandHandler
    public UserAccount(RegisterUserCommand command, AccountIdentityIssuer identityIssuer) {
        Usernames.requireValid(command.username());
        String displayName = command.displayName() == null ? "" : command.displayName().trim();
        requireText("displayName", displayName, MAX_DISPLAY_NAME);
        boolean local = "local".equals(command.source());
        if (!local && !DIRECTORY_SOURCES.contains(command.source())) {
            throw DomainException.invalid("unsupported_source", "A person comes from 'local', 'ldap' or 'ad'.");
        }
        if (local && (command.passwordHash() == null || command.passwordHash().isBlank())) {
            throw DomainException.invalid("missing_password", "A password is required.");
        }
        if (!local && command.passwordHash() != null && !command.passwordHash().isEmpty()) {
            // The directory checks the passwords of its people; none is ever stored here.
            throw DomainException.invalid("unexpected_password", "People of a directory have no password here.");
        }
        AccountIdentity identity = identityIssuer.issue(command.username());
        apply(new UserRegisteredEvent(command.username(), displayName, local ? command.passwordHash() : "",
                command.source(),
                identity.jamiId(), identity.certificatePem(), identity.serial(), identity.notBefore(),
                identity.notAfter(), identity.caKeyId()));
    }

    /** What the directory said about the person; every field trimmed, empty when absent. */
    record DirectoryProfile(String displayName, String firstName, String lastName, String email, String photoSha256,
                            List<String> groups) {
        DirectoryProfile {
            // A plain list, which snapshots store and read back; none in snapshots taken before groups were read.
            groups = groups == null ? new ArrayList<>() : new ArrayList<>(groups);
        }
    }

    @CommandHandler
    public void handle(RecordDirectoryProfileCommand command) {
        if (revoked) {
            return; // a revoked person's history is closed
        }
        DirectoryProfile seen = new DirectoryProfile(bounded(command.displayName(), MAX_DISPLAY_NAME),
                bounded(command.firstName(), MAX_PROFILE_TEXT), bounded(command.lastName(), MAX_PROFILE_TEXT),
                bounded(command.email(), MAX_PROFILE_TEXT), bounded(command.photoSha256(), MAX_PROFILE_TEXT),
                boundedGroups(command.groups()));
        if (!seen.equals(profile)) {
            apply(new DirectoryProfileChangedEvent(username, seen.displayName(), seen.firstName(), seen.lastName(),
                    seen.email(), seen.photoSha256(), seen.groups(), now()));
        }
    }

    @CommandHandler
    public void handle(DisableUserCommand command) {
        if (revoked || disabled) {
            return;
        }
        apply(new UserDisabledEvent(username, reasonOrDefault(command.reason(), "disabled by " + command.actor()),
                command.actor(), now()));
    }

    @CommandHandler
    public void handle(EnableUserCommand command) {
        if (!revoked && disabled) {
            apply(new UserEnabledEvent(username, command.actor(), now()));
        }
    }

    @CommandHandler
    public DeviceEnrollment handle(SignDeviceCsrCommand command, DeviceCertificateSigner signer,
                                   EnrollmentLimits limits) {
        requireNotRevoked();
        if (disabled) {
            throw DomainException.conflict("user_disabled", "User " + username
                    + " is disabled in the directory and cannot enroll.");
        }
        String deviceName = command.deviceName() == null ? "" : command.deviceName().trim();
        requireText("deviceName", deviceName, MAX_DEVICE_NAME);
        Instant now = now();
        limits.requireAllowed(latestEnrollments, now);
        SignedDeviceCertificate signed = signer.sign(jamiId, accountCertificatePem, command.csrPem());
        DeviceState known = devices.get(signed.deviceId());
        if (known != null && known.revoked) {
            throw DomainException.conflict("device_revoked",
                    "This device key was revoked; the device must enroll with a new key.");
        }
        apply(new DeviceCertificateIssuedEvent(username, signed.deviceId(), signed.deviceSha1Id(), deviceName,
                signed.serial(), signed.notBefore(), signed.notAfter(), signed.certificatePem(), jamiId,
                command.sourceAddress(), command.userAgent()));
        List<String> superseded = devices.get(signed.deviceId()).beyondTheKept();
        if (!superseded.isEmpty()) {
            apply(new DeviceCertificatesSupersededEvent(username, signed.deviceId(), superseded, jamiId,
                    signed.serial(), now, devices.get(signed.deviceId()).notAftersOf(superseded)));
        }
        recordPolicyDelivery(signed.deviceId(), command.policyVersions(), "enrollment", now);
        return new DeviceEnrollment(username, signed.deviceId(), signed.deviceSha1Id(), signed.serial(),
                signed.certificatePem(), accountCertificatePem, signed.caCertificatePem(), jamiId);
    }

    /** A device was given its policy: recorded when the versions differ from what it received last. */
    @CommandHandler
    public void handle(RecordPolicyDeliveryCommand command) {
        DeviceState device = devices.get(command.deviceId());
        if (revoked || device == null || device.revoked) {
            return; // a device that may not log in gets no policy either; nothing to record
        }
        recordPolicyDelivery(command.deviceId(), command.versions(), "policyData", now());
    }

    private void recordPolicyDelivery(String deviceId, Map<String, Integer> versions, String via, Instant now) {
        if (!devices.get(deviceId).policyVersions.equals(versions)) {
            apply(new PolicyDeliveredEvent(username, deviceId, versions, via, now));
        }
    }

    @CommandHandler
    public void handle(RevokeDeviceCommand command) {
        String reason = reasonOrDefault(command.reason(), "revoked by " + command.actor());
        DeviceState device = devices.get(command.deviceId());
        if (device == null) {
            throw DomainException.notFound("device_not_found", "No device " + command.deviceId()
                    + " belongs to user " + username + ".");
        }
        if (device.revoked) {
            throw DomainException.conflict("device_already_revoked", "Device " + command.deviceId()
                    + " is already revoked.");
        }
        apply(new DeviceRevokedEvent(username, command.deviceId(), device.validSerials(), jamiId, reason,
                command.actor(), now(), device.notAftersOf(device.validSerials())));
    }

    @CommandHandler
    public void handle(RevokeUserCommand command) {
        requireNotRevoked();
        String reason = reasonOrDefault(command.reason(), "user revoked by " + command.actor());
        Instant revokedAt = now();
        devices.forEach((deviceId, device) -> {
            if (!device.revoked) {
                apply(new DeviceRevokedEvent(username, deviceId, device.validSerials(), jamiId, reason,
                        command.actor(), revokedAt, device.notAftersOf(device.validSerials())));
            }
        });
        apply(new UserRevokedEvent(username, jamiId, accountCertificateSerial, caKeyId, reason, command.actor(),
                revokedAt));
    }

    /** Merges the device's contacts into the user's list; returns the merged list the device should adopt. */
    @CommandHandler
    public List<Contact> handle(SyncContactsCommand command) {
        requireNotRevoked();
        requireActiveDevice(command.deviceId());
        List<Contact> received = command.contacts() == null ? List.of() : command.contacts();
        if (received.size() > MAX_SYNC_ITEMS) {
            throw DomainException.invalid("too_many_contacts", "At most " + MAX_SYNC_ITEMS + " contacts per sync.");
        }
        Map<String, Contact> changed = new LinkedHashMap<>();
        for (Contact contact : received) {
            if (contact == null || contact.uri() == null || !JAMI_ID.matcher(contact.uri()).matches()
                    || contact.added() < 0 || contact.removed() < 0) {
                throw DomainException.invalid("invalid_contact",
                        "Each contact needs a 40-hex uri and non-negative added/removed times.");
            }
            Contact known = changed.containsKey(contact.uri()) ? changed.get(contact.uri()) : contacts.get(contact.uri());
            Contact merged = ContactMerge.merge(known, contact);
            if (!merged.equals(contacts.get(contact.uri()))) {
                changed.put(contact.uri(), merged);
            }
        }
        apply(new ContactsSyncedEvent(username, command.deviceId(), received.size(), List.copyOf(changed.values())));
        return List.copyOf(contacts.values());
    }

    /** Merges a device's conversations or conversation requests; returns the merged list. */
    @CommandHandler
    public List<Map<String, Object>> handle(SyncConversationsCommand command) {
        requireNotRevoked();
        requireActiveDevice(command.deviceId());
        String idField = CONVERSATION_KEYS.get(command.kind());
        if (idField == null) {
            throw DomainException.invalid("invalid_kind", "Unknown conversation list " + command.kind() + ".");
        }
        List<Map<String, Object>> received = command.items() == null ? List.of() : command.items();
        if (received.size() > MAX_SYNC_ITEMS) {
            throw DomainException.invalid("too_many_items", "At most " + MAX_SYNC_ITEMS + " items per sync.");
        }
        Map<String, Map<String, Object>> known = conversationLists.getOrDefault(command.kind(), Map.of());
        Map<String, Map<String, Object>> changed = new LinkedHashMap<>();
        for (Map<String, Object> item : received) {
            Object id = item == null ? null : item.get(idField);
            if (!(id instanceof String key) || key.isBlank() || key.length() > 128) {
                throw DomainException.invalid("invalid_item", "Each item needs a string '" + idField + "'.");
            }
            Map<String, Object> base = changed.containsKey(key) ? changed.get(key) : known.get(key);
            Map<String, Object> merged = ConversationMerge.merge(base, item);
            if (!merged.equals(known.get(key))) {
                changed.put(key, merged);
            }
        }
        apply(new ConversationsSyncedEvent(username, command.deviceId(), command.kind(), received.size(),
                List.copyOf(changed.values())));
        return List.copyOf(conversationLists.getOrDefault(command.kind(), Map.of()).values());
    }

    @EventSourcingHandler
    void on(ContactsSyncedEvent event) {
        event.changed().forEach(contact -> contacts.put(contact.uri(), contact));
    }

    @EventSourcingHandler
    void on(ConversationsSyncedEvent event) {
        String idField = CONVERSATION_KEYS.get(event.kind());
        Map<String, Map<String, Object>> list = conversationLists.computeIfAbsent(event.kind(),
                kind -> new LinkedHashMap<>());
        event.changed().forEach(item -> list.put((String) item.get(idField), item));
    }

    private void requireActiveDevice(String deviceId) {
        if (deviceId == null) {
            return; // a USER token syncs on the person's behalf, without a device
        }
        DeviceState device = devices.get(deviceId);
        if (device == null || device.revoked) {
            throw DomainException.notFound("device_not_found", "Device " + deviceId + " is not an active device of "
                    + username + ".");
        }
    }

    @EventSourcingHandler
    void on(DirectoryProfileChangedEvent event) {
        profile = new DirectoryProfile(event.displayName(), event.firstName(), event.lastName(), event.email(),
                event.photoSha256(), event.groups());
    }

    @EventSourcingHandler
    void on(UserDisabledEvent event) {
        disabled = true;
    }

    @EventSourcingHandler
    void on(UserEnabledEvent event) {
        disabled = false;
    }

    @EventSourcingHandler
    void on(UserRegisteredEvent event) {
        username = event.username();
        jamiId = event.jamiId();
        accountCertificatePem = event.accountCertificatePem();
        accountCertificateSerial = event.accountCertificateSerial();
        caKeyId = event.caKeyId();
    }

    /** Expired certificates need no revocation, so a device forgets them as it renews. */
    @EventSourcingHandler
    void on(DeviceCertificateIssuedEvent event, @Timestamp Instant issuedAt) {
        DeviceState device = devices.computeIfAbsent(event.deviceId(), id -> new DeviceState());
        device.certificates.removeIf(certificate -> !certificate.notAfter().isAfter(issuedAt));
        device.certificates.add(new Certificate(event.serial(), event.notAfter()));
        latestEnrollments.add(issuedAt);
        if (latestEnrollments.size() > EnrollmentLimits.MAX_PER_WINDOW) {
            latestEnrollments.remove(0);
        }
    }

    @EventSourcingHandler
    void on(PolicyDeliveredEvent event) {
        DeviceState device = devices.get(event.deviceId());
        if (device != null) {
            device.policyVersions = new java.util.TreeMap<>(event.versions());
        }
    }

    @EventSourcingHandler
    void on(DeviceCertificatesSupersededEvent event) {
        devices.get(event.deviceId()).certificates.removeIf(
                certificate -> event.serials().contains(certificate.serial()));
    }

    @EventSourcingHandler
    void on(DeviceRevokedEvent event) {
        devices.get(event.deviceId()).revoked = true;
    }

    @EventSourcingHandler
    void on(UserRevokedEvent event) {
        revoked = true;
    }

    /** Sorted, without repeats, at most {@link #MAX_GROUPS}. */
    private static List<String> boundedGroups(List<String> groups) {
        return groups.stream().map(String::trim).filter(dn -> !dn.isEmpty() && dn.length() <= MAX_GROUP_DN)
                .distinct().sorted().limit(MAX_GROUPS).toList();
    }

    private static String bounded(String text, int max) {
        String trimmed = text == null ? "" : text.trim();
        return trimmed.length() > max ? trimmed.substring(0, max) : trimmed;
    }

    private void requireNotRevoked() {
        if (revoked) {
            throw DomainException.conflict("user_revoked", "User " + username + " is revoked.");
        }
    }

    private static String reasonOrDefault(String reason, String fallback) {
        String trimmed = reason == null ? "" : reason.trim();
        requireText("reason", trimmed, MAX_REASON);
        return trimmed.isEmpty() ? fallback : trimmed;
    }

    private static void requireText(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw DomainException.invalid("invalid_" + field, field + " must be at most " + maxLength
                    + " characters.");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw DomainException.invalid("invalid_" + field, field + " must not contain control characters.");
        }
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    /** A certificate of a device, as long as it may need revoking. */
    record Certificate(String serial, Instant notAfter) {
    }

    /**
     * What the aggregate must remember of a device to decide on later commands: its certificates that may still be in
     * use (not expired when it last renewed, not superseded, not revoked), oldest first, and whether the key is
     * revoked.
     */
    static final class DeviceState {
        final List<Certificate> certificates = new ArrayList<>();
        boolean revoked;
        /** The blueprint versions it received last (snapshots taken before blueprints have none). */
        Map<String, Integer> policyVersions = new java.util.TreeMap<>();

        List<String> validSerials() {
            return certificates.stream().map(Certificate::serial).toList();
        }

        /** When each of these certificates' validity ends, in their order. */
        List<Instant> notAftersOf(List<String> serials) {
            return serials.stream().map(serial -> certificates.stream().filter(c -> c.serial().equals(serial))
                    .findFirst().map(Certificate::notAfter).orElseThrow()).toList();
        }

        /** The oldest certificates beyond the {@link #CERTIFICATES_KEPT_PER_DEVICE} newest. */
        List<String> beyondTheKept() {
            int beyond = certificates.size() - CERTIFICATES_KEPT_PER_DEVICE;
            return beyond <= 0 ? List.of() : validSerials().subList(0, beyond);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof DeviceState that && revoked == that.revoked
                    && certificates.equals(that.certificates);
        }

        @Override
        public int hashCode() {
            return certificates.hashCode() * 31 + Boolean.hashCode(revoked);
        }
    }
}
