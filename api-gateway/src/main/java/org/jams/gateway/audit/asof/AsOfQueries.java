package org.jams.gateway.audit.asof;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jams.api.device.DeviceEvents.DeviceCertificateIssuedEvent;
import org.jams.api.device.DeviceEvents.DeviceRevokedEvent;
import org.jams.api.setup.ServerSetupId;
import org.jams.api.setup.SetupEvents.OrganisationCaConfiguredEvent;
import org.jams.api.setup.SetupEvents.ServerSettingsChangedEvent;
import org.jams.api.user.UserEvents.UserRegisteredEvent;
import org.jams.api.user.UserEvents.UserRevokedEvent;
import org.jams.command.crl.DeterministicCrl;
import org.jams.command.identity.AccountKeyVault;
import org.jams.command.pki.Pem;
import org.jams.command.setup.IssuingSetup;
import org.jams.command.user.Usernames;
import org.jams.gateway.audit.trail.AuditEntries;
import org.jams.gateway.keys.OrganisationCaKeyFiles;
import org.jams.gateway.web.ApiError;
import org.jams.query.audit.AuditEventReader;
import org.jams.query.audit.AuditEventReader.StoredEvent;
import org.jams.query.audit.AuditIndexProjection;
import org.jams.query.users.UserReader;
import org.springframework.stereotype.Component;

/**
 * State as of any moment T, folded from the events stored with a time at or before T, straight from the event store
 * (read models are not consulted for state). A Java service: the HTTP API and the CLI both call it. Blocking.
 */
@Component
public class AsOfQueries {

    private static final Set<String> USER_EVENTS = Set.of(UserRegisteredEvent.class.getName(),
            UserRevokedEvent.class.getName(), DeviceCertificateIssuedEvent.class.getName(),
            DeviceRevokedEvent.class.getName());
    private static final Set<String> SETUP_EVENTS = Set.of(OrganisationCaConfiguredEvent.class.getName(),
            ServerSettingsChangedEvent.class.getName());

    private final AuditEventReader reader;
    private final AuditEntries entries;
    private final UserReader users;
    private final AccountKeyVault accountKeys;
    private final OrganisationCaKeyFiles caKeys;

    public AsOfQueries(AuditEventReader reader, AuditEntries entries, UserReader users, AccountKeyVault accountKeys,
                       OrganisationCaKeyFiles caKeys) {
        this.reader = reader;
        this.entries = entries;
        this.users = users;
        this.accountKeys = accountKeys;
        this.caKeys = caKeys;
    }

    /** The user as of {@code at}; empty when no user of that name was ever registered. */
    public Optional<UserAsOf> userAt(String username, Instant at) {
        String name = Usernames.canonical(username);
        UserFold fold = foldUser(name, at);
        return fold.everRegistered ? Optional.of(fold.result(name, at)) : Optional.empty();
    }

    /** The ids of the user's devices whose certificate was valid at {@code at}. */
    public List<String> devicesValidAt(String username, Instant at) {
        return userAt(username, at).map(UserAsOf::validDevices).orElse(List.of());
    }

    /**
     * The CRL of an issuer as it was at {@code at}: the organisation CA (issuer = its key id; it lists revoked account
     * certificates) or a user's account key (issuer = the Jami ID; it lists revoked device certificates), signed by
     * that issuer's key. Byte-identical each time for the same moment.
     */
    public CrlAsOf crlAt(String issuer, Instant at) {
        String id = issuer == null ? "" : issuer.trim().toLowerCase(Locale.ROOT);
        if (!id.matches("[0-9a-f]{40}")) {
            throw ApiError.badRequest("invalid_issuer",
                    "issuer is a Jami ID or the organisation CA's key id: 40 hex digits.");
        }
        IssuingSetup setup = setupAt(at);
        Duration lifetime = Duration.ofMinutes(setup.crlLifetimeMinutes());
        Optional<IssuingSetup.CaRecord> ca = setup.ca().filter(configured -> configured.caKeyId().equals(id));
        if (ca.isPresent()) {
            List<DeterministicCrl.Revoked> revoked = revokedAccountCertificates(id, at);
            return crl(id, "ORGANISATION_CA", Pem.parseCertificate(ca.get().certificatePem()), caKeys.load(id), at,
                    lifetime, revoked);
        }
        String username = users.findByJamiId(id).map(UserReader.UserView::username).orElseThrow(() ->
                ApiError.notFound("issuer_not_found", "No organisation CA key and no Jami ID is " + id + "."));
        UserFold fold = foldUser(username, at);
        if (fold.registered == null) {
            throw ApiError.notFound("issuer_not_found", "The account " + id + " did not exist yet at " + at + ".");
        }
        return crl(id, "ACCOUNT", Pem.parseCertificate(fold.registered.accountCertificatePem()),
                accountKeys.load(id), at, lifetime, fold.revokedDeviceCertificates(id));
    }

    private static CrlAsOf crl(String id, String kind, X509Certificate certificate, PrivateKey key, Instant at,
                               Duration lifetime, List<DeterministicCrl.Revoked> revoked) {
        byte[] der = DeterministicCrl.build(certificate, key, at, lifetime, revoked);
        Instant thisUpdate = at.truncatedTo(ChronoUnit.SECONDS);
        List<String> serials = revoked.stream().map(r -> r.serial()).distinct().sorted()
                .map(serial -> serial.toString(16)).toList();
        return new CrlAsOf(id, kind, at, thisUpdate, thisUpdate.plus(lifetime), serials, der);
    }

    /**
     * Account certificates the CA revoked by {@code at}: user revocations, found through the audit index (written
     * with each event, so it holds every stored one).
     */
    private List<DeterministicCrl.Revoked> revokedAccountCertificates(String caKeyId, Instant at) {
        List<DeterministicCrl.Revoked> revoked = new ArrayList<>();
        String type = AuditIndexProjection.typeName(UserRevokedEvent.class.getName());
        for (StoredEvent event : reader.byGlobalIndex(reader.indexesOfType(type, at))) {
            if (!UserRevokedEvent.class.getName().equals(event.payloadType())
                    || Instant.parse(event.timestamp()).isAfter(at)) {
                continue;
            }
            UserRevokedEvent revocation = (UserRevokedEvent) entries.payload(event);
            if (caKeyId.equals(revocation.caKeyId())) {
                revoked.add(new DeterministicCrl.Revoked(new BigInteger(revocation.accountCertificateSerial(), 16),
                        revocation.revokedAt()));
            }
        }
        return revoked;
    }

    private UserFold foldUser(String username, Instant at) {
        UserFold fold = new UserFold();
        // Syncs and whatever else change no identity, device or certificate: they are not even read.
        for (StoredEvent event : reader.aggregateStream(username, USER_EVENTS)) {
            Instant time = Instant.parse(event.timestamp());
            Object payload = entries.payload(event);
            if (time.isAfter(at)) {
                fold.later(payload, time);
            } else {
                fold.apply(payload, time, event.globalIndex());
            }
        }
        return fold;
    }

    /** The setup's CA and lifetimes as its events had made them at {@code at}. */
    private IssuingSetup setupAt(Instant at) {
        IssuingSetup setup = IssuingSetup.INITIAL;
        for (StoredEvent event : reader.aggregateStream(ServerSetupId.VALUE, SETUP_EVENTS)) {
            if (!Instant.parse(event.timestamp()).isAfter(at)) {
                setup = setup.then(entries.payload(event));
            }
        }
        return setup;
    }

    private static final class DeviceFold {
        final List<String> serials = new ArrayList<>();
        DeviceCertificateIssuedEvent newest;
        Instant enrolledAt;
        DeviceRevokedEvent revocation;
    }

    /** A user's identity, devices and certificates, event by event. */
    private static final class UserFold {
        boolean everRegistered;
        UserRegisteredEvent registered;
        Instant registeredAt;
        UserRevokedEvent revoked;
        final Map<String, DeviceFold> devices = new LinkedHashMap<>();
        final Map<String, Instant> enrolledLater = new LinkedHashMap<>();
        int folded;
        Long lastSequence;

        void apply(Object payload, Instant time, long globalIndex) {
            folded++;
            lastSequence = lastSequence == null ? globalIndex : Math.max(lastSequence, globalIndex);
            if (payload instanceof UserRegisteredEvent event) {
                everRegistered = true;
                registered = event;
                registeredAt = time;
            } else if (payload instanceof UserRevokedEvent event) {
                revoked = event;
            } else if (payload instanceof DeviceCertificateIssuedEvent event) {
                DeviceFold device = devices.computeIfAbsent(event.deviceId(), id -> new DeviceFold());
                device.serials.add(event.serial());
                device.newest = event;
                device.enrolledAt = device.enrolledAt == null ? time : device.enrolledAt;
            } else if (payload instanceof DeviceRevokedEvent event) {
                DeviceFold device = devices.get(event.deviceId());
                if (device != null) {
                    device.revocation = event;
                }
            }
        }

        void later(Object payload, Instant time) {
            if (payload instanceof UserRegisteredEvent) {
                everRegistered = true;
            } else if (payload instanceof DeviceCertificateIssuedEvent event) {
                enrolledLater.putIfAbsent(event.deviceId(), time);
            }
        }

        List<DeterministicCrl.Revoked> revokedDeviceCertificates(String issuerKeyId) {
            List<DeterministicCrl.Revoked> revokedCertificates = new ArrayList<>();
            for (DeviceFold device : devices.values()) {
                if (device.revocation != null && issuerKeyId.equals(device.revocation.issuerKeyId())) {
                    for (String serial : device.revocation.serials()) {
                        revokedCertificates.add(new DeterministicCrl.Revoked(new BigInteger(serial, 16),
                                device.revocation.revokedAt()));
                    }
                }
            }
            return revokedCertificates;
        }

        UserAsOf result(String username, Instant at) {
            List<UserAsOf.Device> shown = new ArrayList<>();
            if (registered == null) {
                enrolledLater.forEach((id, when) -> shown.add(notYetEnrolled(id, when)));
                return new UserAsOf(username, at, false, "NOT_REGISTERED", null, null, null, null, null, null, null,
                        null, shown, List.of(), folded, lastSequence);
            }
            String certificateStatus = revoked != null ? "REVOKED"
                    : validity(at, registered.certificateNotBefore(), registered.certificateNotAfter());
            String status = revoked != null ? "REVOKED" : "EXPIRED".equals(certificateStatus) ? "EXPIRED" : "ACTIVE";
            List<String> valid = new ArrayList<>();
            devices.forEach((id, device) -> {
                DeviceCertificateIssuedEvent newest = device.newest;
                String deviceStatus = device.revocation != null ? "REVOKED"
                        : validity(at, newest.notBefore(), newest.notAfter());
                if ("VALID".equals(deviceStatus)) {
                    deviceStatus = "ACTIVE";
                    if ("ACTIVE".equals(status)) {
                        valid.add(id);
                    }
                }
                shown.add(new UserAsOf.Device(id, newest.deviceSha1Id(), newest.deviceName(), deviceStatus,
                        newest.serial(), List.copyOf(device.serials), device.enrolledAt, newest.notBefore(),
                        newest.notAfter(), device.revocation == null ? null : device.revocation.revokedAt(),
                        device.revocation == null ? null : device.revocation.reason()));
            });
            enrolledLater.forEach((id, when) -> {
                if (!devices.containsKey(id)) {
                    shown.add(notYetEnrolled(id, when));
                }
            });
            return new UserAsOf(username, at, true, status, registered.displayName(), registered.jamiId(),
                    registered.source(), registeredAt, revoked == null ? null : revoked.revokedAt(),
                    revoked == null ? null : revoked.reason(), revoked == null ? null : revoked.actor(),
                    new UserAsOf.AccountCertificate(registered.accountCertificateSerial(), registered.caKeyId(),
                            registered.certificateNotBefore(), registered.certificateNotAfter(), certificateStatus),
                    shown, valid, folded, lastSequence);
        }

        private static UserAsOf.Device notYetEnrolled(String deviceId, Instant enrolledAt) {
            return new UserAsOf.Device(deviceId, null, null, "NOT_YET_ENROLLED", null, List.of(), enrolledAt, null,
                    null, null, null);
        }

        private static String validity(Instant at, Instant notBefore, Instant notAfter) {
            if (notBefore != null && at.isBefore(notBefore)) {
                return "NOT_YET_VALID";
            }
            if (notAfter != null && at.isAfter(notAfter)) {
                return "EXPIRED";
            }
            return "VALID";
        }
    }
}
