package org.jams.query.audit.asof;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jams.api.directory.DirectoryEvents.DirectoryProfileChangedEvent;
import org.jams.api.directory.DirectoryEvents.UserDisabledEvent;
import org.jams.api.directory.DirectoryEvents.UserEnabledEvent;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.error.DomainException;
import org.jams.api.revocation.RevocationEvents.DeviceCertificatesSupersededEvent;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;
import org.jams.api.setup.ServerSetupId;
import org.jams.api.setup.SetupEvents.OrganisationCaConfiguredEvent;
import org.jams.api.setup.SetupEvents.ServerSettingsChangedEvent;
import org.jams.command.audit.StoredEvent;
import org.jams.query.policy.EffectiveSettings;
import org.jams.command.directory.Usernames;
import org.jams.command.pki.AccountKeyVault;
import org.jams.command.pki.OrganisationCaKeys;
import org.jams.command.pki.Pem;
import org.jams.command.revocation.DeterministicCrl;
import org.jams.command.setup.IssuingSetup;
import org.jams.query.audit.AuditEventReader;
import org.jams.query.audit.AuditIndexProjection;
import org.jams.query.audit.trail.AuditEntries;
import org.jams.query.directory.UserReader;
import org.springframework.stereotype.Component;

/**
 * State as of any moment T, folded from the events stored with a time at or before T, straight from the event store
 * (read models are not consulted for state). A Java service: the HTTP API and the CLI both call it. Blocking.
 */
@Component
public class AsOfQueries {

    private static final Set<Class<?>> USER_EVENTS = Set.of(UserRegisteredEvent.class, UserRevokedEvent.class,
            UserDisabledEvent.class, UserEnabledEvent.class, DirectoryProfileChangedEvent.class,
            DeviceCertificateIssuedEvent.class, DeviceCertificatesSupersededEvent.class, DeviceRevokedEvent.class);
    private static final Set<Class<?>> SETUP_EVENTS = Set.of(OrganisationCaConfiguredEvent.class,
            ServerSettingsChangedEvent.class);

    private final AuditEventReader reader;
    private final AuditEntries entries;
    private final UserReader users;
    private final AccountKeyVault accountKeys;
    private final OrganisationCaKeys caKeys;

    public AsOfQueries(AuditEventReader reader, AuditEntries entries, UserReader users, AccountKeyVault accountKeys,
                       OrganisationCaKeys caKeys) {
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
        if (!fold.everRegistered) {
            return Optional.empty();
        }
        return Optional.of(fold.result(name, at, fold.registered == null ? EffectiveSettings.NONE
                : policyAt(name, at).settings(fold.directoryGroups)));
    }

    /** One person as the organisation stood at a moment: their status then and how many devices were valid. */
    public record PersonAsOf(String username, String displayName, String status, int devices, int validDevices) {
    }

    /** A page of the people registered by a moment, by username; {@code hasMore} when another page follows. */
    public record PeopleAsOf(Instant at, List<PersonAsOf> people, int page, int size, boolean hasMore) {
    }

    /**
     * Everyone registered at or before {@code at}, a page at a time, each folded from their own events as
     * {@link #userAt} does (their client settings left out, which would read every policy event per person).
     */
    public PeopleAsOf peopleAt(Instant at, int page, int size) {
        List<String> names = reader.usernamesRegisteredBy(at, (long) page * size, size + 1);
        List<PersonAsOf> people = names.stream().limit(size).map(name -> {
            UserAsOf then = foldUser(name, at).result(name, at, EffectiveSettings.NONE);
            return new PersonAsOf(name, then.displayName(), then.status(), then.devices().size(),
                    then.validDevices().size());
        }).toList();
        return new PeopleAsOf(at, people, page, size, names.size() > size);
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
            throw DomainException.invalid("invalid_issuer",
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
                DomainException.notFound("issuer_not_found", "No organisation CA key and no Jami ID is " + id + "."));
        UserFold fold = foldUser(username, at);
        if (fold.registered == null) {
            throw DomainException.notFound("issuer_not_found", "The account " + id + " did not exist yet at " + at + ".");
        }
        return crl(id, "ACCOUNT", Pem.parseCertificate(fold.registered.accountCertificatePem()),
                accountKeys.load(id), at, lifetime, fold.revokedDeviceCertificates(id));
    }

    private static CrlAsOf crl(String id, String kind, X509Certificate certificate, PrivateKey key, Instant at,
                               Duration lifetime, List<DeterministicCrl.Revoked> revoked) {
        byte[] der = DeterministicCrl.build(certificate, key, at, lifetime, revoked);
        Instant thisUpdate = at.truncatedTo(ChronoUnit.SECONDS);
        List<String> serials = revoked.stream().filter(r -> !r.expiredBy(thisUpdate)).map(r -> r.serial())
                .distinct().sorted().map(serial -> serial.toString(16)).toList();
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
            if (Instant.parse(event.timestamp()).isAfter(at)) {
                continue;
            }
            if (entries.payload(event) instanceof UserRevokedEvent revocation
                    && caKeyId.equals(revocation.caKeyId())) {
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

    /** Groups, blueprints and attachments at {@code at}, for one person: found through the audit index. */
    private PolicyFold policyAt(String username, Instant at) {
        PolicyFold fold = new PolicyFold(username);
        List<Long> indexes = new ArrayList<>();
        for (Class<?> type : PolicyFold.EVENTS) {
            indexes.addAll(reader.indexesOfType(AuditIndexProjection.typeName(type.getName()), at));
        }
        indexes.sort(null);
        for (StoredEvent event : reader.byGlobalIndex(indexes)) {
            if (!Instant.parse(event.timestamp()).isAfter(at)) {
                fold.apply(entries.payload(event));
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
}
