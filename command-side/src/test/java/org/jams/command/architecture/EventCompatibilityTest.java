package org.jams.command.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.jams.api.access.AccessEvents.AccessRefusedEvent;
import org.jams.api.access.AccessEvents.AccountLockedEvent;
import org.jams.api.access.AccessEvents.AccountUnlockedEvent;
import org.jams.api.access.AccessEvents.DeviceLoggedInEvent;
import org.jams.api.access.AccessEvents.PasswordLoginSucceededEvent;
import org.jams.api.directory.DirectoryEvents.DirectoryProfileChangedEvent;
import org.jams.api.directory.DirectoryEvents.UserDisabledEvent;
import org.jams.api.directory.DirectoryEvents.UserEnabledEvent;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.directory.DirectorySettings;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintAttachedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintDetachedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintVersionCreatedEvent;
import org.jams.api.policy.PolicyEvents.DefaultBlueprintSetEvent;
import org.jams.api.policy.PolicyEvents.GroupCreatedEvent;
import org.jams.api.policy.PolicyEvents.GroupDeletedEvent;
import org.jams.api.policy.PolicyEvents.GroupMemberAddedEvent;
import org.jams.api.policy.PolicyEvents.GroupMemberRemovedEvent;
import org.jams.api.policy.PolicyEvents.GroupRenamedEvent;
import org.jams.api.policy.PolicyEvents.PolicyDeliveredEvent;
import org.jams.api.revocation.RevocationEvents.CrlPublishedEvent;
import org.jams.api.revocation.RevocationEvents.DeviceCertificatesSupersededEvent;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;
import org.jams.api.setup.SetupEvents.AdminAccountCreatedEvent;
import org.jams.api.setup.SetupEvents.AuditorAccountCreatedEvent;
import org.jams.api.setup.SetupEvents.DirectoryConfiguredEvent;
import org.jams.api.setup.SetupEvents.ExternalDirectoryConfiguredEvent;
import org.jams.api.setup.SetupEvents.OrganisationCaConfiguredEvent;
import org.jams.api.setup.SetupEvents.ServerSettingsChangedEvent;
import org.jams.api.stored.EventJson;
import org.jams.api.stored.StoredTypes;
import org.jams.api.sync.Contact;
import org.jams.api.sync.SyncEvents.ContactsSyncedEvent;
import org.jams.api.sync.SyncEvents.ConversationsSyncedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Events are forever: every event of core-api must survive the event store's JSON ({@link EventJson}), and JSON stored
 * by earlier versions, under the names it was stored with, must keep loading into the same values through the
 * upcasters ({@link StoredTypes}), as the event store reads it.
 *
 * <p>The goldens below are literal JSON as the event store wrote it on 2026-11-22. Never edit a golden's JSON: when
 * a record gains a component, update only its expected value (the new component loads as null or 0); when a
 * component must be renamed or retyped, raise the {@link Revision}, write an upcaster, add a golden for the new
 * revision and keep the old one loading through the upcaster.
 */
class EventCompatibilityTest {

    private static final ObjectMapper MAPPER = EventJson.mapper();
    private static final Serializer SERIALIZER = EventJson.eventSerializer();
    /** How Axon names the payload type and revision stored beside the JSON. */
    private static final RevisionResolver REVISIONS = new AnnotationRevisionResolver();

    record Golden(String payloadType, String revision, String json, Object expected) {
        @Override
        public String toString() {
            return payloadType.substring(payloadType.lastIndexOf('$') + 1) + " r" + revision;
        }
    }

    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2ZqZXRlc3Q=\n"
            + "-----END CERTIFICATE-----\n";
    private static final String CA_KEY_ID = "36ddbc1560ab90cffb283f60520d1587c12796c9";
    private static final String JAMI_ID = "f4889f12378e47bbbf76e2ad5f8e72868eb1a953";
    private static final String GROUP_ID = "0d9c7b8e-5f1a-4b0e-9a34-7a1e2b3c4d5e";
    private static final String DEVICE_ID = "00e564f7a6d28cd29882f7ad6730f7f2f32f0ac7106e54993e855863d42dcd30";
    private static final String HASH = "{bcrypt}$2a$10$golden.hash";
    private static final Instant AT = Instant.parse("2026-11-22T15:04:05.123Z");
    private static final Instant NOT_BEFORE = Instant.parse("2026-11-22T14:57:05Z");
    private static final Instant NOT_AFTER = Instant.parse("2027-11-22T15:04:05Z");

    static List<Golden> goldens() {
        List<Golden> stored = storedGoldens();
        // Classes that moved kept their JSON: what was stored under the old name is what is written under the new.
        List<Golden> all = new ArrayList<>(stored);
        stored.stream().filter(g -> !StoredTypes.current(g.payloadType()).equals(g.payloadType()))
                .map(g -> new Golden(StoredTypes.current(g.payloadType()), g.revision(), g.json(), g.expected()))
                .forEach(all::add);
        return all;
    }

    private static List<Golden> storedGoldens() {
        return List.of(
                new Golden("org.jams.api.setup.SetupEvents$AdminAccountCreatedEvent", "1", """
                        {"setupId":"jams-server-setup","username":"admin","passwordHash":"{bcrypt}$2a$10$golden.hash",\
                        "createdAt":"2026-11-22T15:04:05.123Z"}""",
                        new AdminAccountCreatedEvent("jams-server-setup", "admin", HASH, AT)),
                new Golden("org.jams.api.setup.SetupEvents$AuditorAccountCreatedEvent", "1", """
                        {"setupId":"jams-server-setup","username":"auditor","passwordHash":"{bcrypt}$2a$10$golden.hash",\
                        "createdAt":"2026-11-22T15:04:05.123Z"}""",
                        new AuditorAccountCreatedEvent("jams-server-setup", "auditor", HASH, AT)),
                new Golden("org.jams.api.setup.SetupEvents$OrganisationCaConfiguredEvent", "1", """
                        {"setupId":"jams-server-setup","certificatePem":"-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIB\
                        AgIUQ2ZqZXRlc3Q=\\n-----END CERTIFICATE-----\\n","caKeyId":"36ddbc1560ab90cffb283f60520d1587c12\
                        796c9","subject":"CN=Example Org CA","serial":"5eedcafe0001","notBefore":"2026-11-22T14:57:05Z",\
                        "notAfter":"2027-11-22T15:04:05Z","origin":"generated"}""",
                        new OrganisationCaConfiguredEvent("jams-server-setup", PEM, CA_KEY_ID, "CN=Example Org CA",
                                "5eedcafe0001", NOT_BEFORE, NOT_AFTER, "generated")),
                new Golden("org.jams.api.setup.SetupEvents$DirectoryConfiguredEvent", "1", """
                        {"setupId":"jams-server-setup","type":"local"}""",
                        new DirectoryConfiguredEvent("jams-server-setup", "local")),
                new Golden("org.jams.api.setup.SetupEvents$ExternalDirectoryConfiguredEvent", "1", """
                        {"setupId":"jams-server-setup","settings":{"type":"ad","url":"ldaps://dc1.example.test:636",\
                        "startTls":false,"bindDn":"CN=reader,CN=Users,DC=example,DC=test",\
                        "userBaseDn":"CN=Users,DC=example,DC=test","userFilter":"(sAMAccountName={0})",\
                        "attributes":{"displayName":"displayName","username":"sAMAccountName"},\
                        "groupBaseDn":"CN=Groups,DC=example,DC=test","trustedCertificatePem":"-----BEGIN CERTIFICATE-----\
                        \\nMIIBszCCAVmgAwIBAgIUQ2ZqZXRlc3Q=\\n-----END CERTIFICATE-----\\n","domain":"EXAMPLE",\
                        "connectTimeoutMillis":3000,"readTimeoutMillis":5000,"syncIntervalMinutes":15,\
                        "revokeDevicesOfDisabledUsers":true},"sealedBindPassword":"c2VhbGVkIGdvbGRlbg==",\
                        "configuredAt":"2026-11-22T15:04:05.123Z"}""",
                        new ExternalDirectoryConfiguredEvent("jams-server-setup", new DirectorySettings("ad",
                                "ldaps://dc1.example.test:636", false, "CN=reader,CN=Users,DC=example,DC=test",
                                "CN=Users,DC=example,DC=test", "(sAMAccountName={0})",
                                Map.of("username", "sAMAccountName", "displayName", "displayName"),
                                "CN=Groups,DC=example,DC=test", PEM, "EXAMPLE", 3000, 5000, 15, true),
                                "c2VhbGVkIGdvbGRlbg==",
                                AT)),
                new Golden("org.jams.api.directory.DirectoryEvents$DirectoryProfileChangedEvent", "1", """
                        {"username":"alice","displayName":"Alice Anderson","firstName":"Alice","lastName":"Anderson",\
                        "email":"alice@example.org",\
                        "photoSha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",\
                        "seenAt":"2026-11-22T15:04:05.123Z"}""",
                        new DirectoryProfileChangedEvent("alice", "Alice Anderson", "Alice", "Anderson",
                                "alice@example.org", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                List.of(), AT)),
                // Written on 2026-12-03, when the groups the directory lists a person in were added.
                new Golden("org.jams.api.directory.DirectoryEvents$DirectoryProfileChangedEvent", "1", """
                        {"username":"alice","displayName":"Alice Anderson","firstName":"Alice","lastName":"Anderson",\
                        "email":"alice@example.org","photoSha256":"",\
                        "groups":["cn=developers,ou=groups,dc=example,dc=org","cn=staff,ou=groups,dc=example,dc=org"],\
                        "seenAt":"2026-11-22T15:04:05.123Z"}""",
                        new DirectoryProfileChangedEvent("alice", "Alice Anderson", "Alice", "Anderson",
                                "alice@example.org", "", List.of("cn=developers,ou=groups,dc=example,dc=org",
                                "cn=staff,ou=groups,dc=example,dc=org"), AT)),
                new Golden("org.jams.api.directory.DirectoryEvents$UserDisabledEvent", "1", """
                        {"username":"alice","reason":"person disabled in the directory","actor":"directory-sync",\
                        "disabledAt":"2026-11-22T15:04:05.123Z"}""",
                        new UserDisabledEvent("alice", "person disabled in the directory", "directory-sync", AT)),
                new Golden("org.jams.api.directory.DirectoryEvents$UserEnabledEvent", "1", """
                        {"username":"alice","actor":"directory-sync","enabledAt":"2026-11-22T15:04:05.123Z"}""",
                        new UserEnabledEvent("alice", "directory-sync", AT)),
                // Groups and blueprints, written on 2026-12-03.
                new Golden("org.jams.api.policy.PolicyEvents$GroupCreatedEvent", "1", """
                        {"groupId":"0d9c7b8e-5f1a-4b0e-9a34-7a1e2b3c4d5e","name":"engineering",\
                        "description":"Builds things","createdAt":"2026-11-22T15:04:05.123Z"}""",
                        new GroupCreatedEvent(GROUP_ID, "engineering", "Builds things", AT)),
                new Golden("org.jams.api.policy.PolicyEvents$GroupRenamedEvent", "1", """
                        {"groupId":"0d9c7b8e-5f1a-4b0e-9a34-7a1e2b3c4d5e","oldName":"engineering","name":"builders",\
                        "renamedAt":"2026-11-22T15:04:05.123Z"}""",
                        new GroupRenamedEvent(GROUP_ID, "engineering", "builders", AT)),
                new Golden("org.jams.api.policy.PolicyEvents$GroupDeletedEvent", "1", """
                        {"groupId":"0d9c7b8e-5f1a-4b0e-9a34-7a1e2b3c4d5e","name":"builders",\
                        "deletedAt":"2026-11-22T15:04:05.123Z"}""",
                        new GroupDeletedEvent(GROUP_ID, "builders", AT)),
                new Golden("org.jams.api.policy.PolicyEvents$GroupMemberAddedEvent", "1", """
                        {"groupId":"0d9c7b8e-5f1a-4b0e-9a34-7a1e2b3c4d5e","group":"engineering","username":"alice",\
                        "addedAt":"2026-11-22T15:04:05.123Z"}""",
                        new GroupMemberAddedEvent(GROUP_ID, "engineering", "alice", AT)),
                new Golden("org.jams.api.policy.PolicyEvents$GroupMemberRemovedEvent", "1", """
                        {"groupId":"0d9c7b8e-5f1a-4b0e-9a34-7a1e2b3c4d5e","group":"engineering","username":"alice",\
                        "removedAt":"2026-11-22T15:04:05.123Z"}""",
                        new GroupMemberRemovedEvent(GROUP_ID, "engineering", "alice", AT)),
                new Golden("org.jams.api.policy.PolicyEvents$BlueprintVersionCreatedEvent", "1", """
                        {"name":"office","version":2,"settings":{"TURN.enable":"true","TURN.server":"turn.example.org:3478"},\
                        "createdAt":"2026-11-22T15:04:05.123Z"}""",
                        new BlueprintVersionCreatedEvent("office", 2, Map.of("TURN.enable", "true", "TURN.server",
                                "turn.example.org:3478"), AT)),
                new Golden("org.jams.api.policy.PolicyEvents$BlueprintAttachedEvent", "1", """
                        {"group":"cn=developers,ou=groups,dc=example,dc=org","blueprint":"office","precedence":10,\
                        "attachedAt":"2026-11-22T15:04:05.123Z"}""",
                        new BlueprintAttachedEvent("cn=developers,ou=groups,dc=example,dc=org", "office", 10, AT)),
                new Golden("org.jams.api.policy.PolicyEvents$BlueprintDetachedEvent", "1", """
                        {"group":"0d9c7b8e-5f1a-4b0e-9a34-7a1e2b3c4d5e","detachedAt":"2026-11-22T15:04:05.123Z"}""",
                        new BlueprintDetachedEvent(GROUP_ID, AT)),
                new Golden("org.jams.api.policy.PolicyEvents$DefaultBlueprintSetEvent", "1", """
                        {"blueprint":null,"setAt":"2026-11-22T15:04:05.123Z"}""",
                        new DefaultBlueprintSetEvent(null, AT)),
                new Golden("org.jams.api.policy.PolicyEvents$PolicyDeliveredEvent", "1", """
                        {"username":"alice","deviceId":"00e564f7a6d28cd29882f7ad6730f7f2f32f0ac7106e54993e855863d42dcd30",\
                        "versions":{"office":2},"via":"policyData","deliveredAt":"2026-11-22T15:04:05.123Z"}""",
                        new PolicyDeliveredEvent("alice", DEVICE_ID, Map.of("office", 2), "policyData", AT)),
                new Golden("org.jams.api.revocation.RevocationEvents$CrlPublishedEvent", "1", """
                        {"issuerKeyId":"0123456789abcdef0123456789abcdef01234567","kind":"ACCOUNT",\
                        "number":1795359845123,"thisUpdate":"2026-11-22T15:04:05Z",\
                        "nextUpdate":"2026-11-22T15:09:05Z","entries":2,\
                        "sha256":"abababababababababababababababababababababababababababababababab",\
                        "publishedAt":"2026-11-22T15:04:05.123Z"}""",
                        new CrlPublishedEvent("0123456789abcdef0123456789abcdef01234567", "ACCOUNT", 1795359845123L,
                                Instant.parse("2026-11-22T15:04:05Z"), Instant.parse("2026-11-22T15:09:05Z"), 2,
                                "ab".repeat(32), AT)),
                new Golden("org.jams.api.setup.SetupEvents$ServerSettingsChangedEvent", "1", """
                        {"setupId":"jams-server-setup","deviceLifetimeDays":365,"userLifetimeDays":730,\
                        "crlLifetimeMinutes":5,"corsOrigin":"https://admin.example.org"}""",
                        new ServerSettingsChangedEvent("jams-server-setup", 365, 730, 5, "https://admin.example.org")),
                // Written on 2026-12-03, when the public URL was added.
                new Golden("org.jams.api.setup.SetupEvents$ServerSettingsChangedEvent", "1", """
                        {"setupId":"jams-server-setup","deviceLifetimeDays":365,"userLifetimeDays":730,\
                        "crlLifetimeMinutes":5,"corsOrigin":"","publicUrl":"https://jams.example.org"}""",
                        new ServerSettingsChangedEvent("jams-server-setup", 365, 730, 5, "",
                                "https://jams.example.org")),
                new Golden("org.jams.api.user.UserEvents$UserRegisteredEvent", "1", """
                        {"username":"alice","displayName":"Alice Liddell","passwordHash":"{bcrypt}$2a$10$golden.hash",\
                        "source":"local","jamiId":"f4889f12378e47bbbf76e2ad5f8e72868eb1a953","accountCertificatePem":\
                        "-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIUQ2ZqZXRlc3Q=\\n-----END CERTIFICATE-----\\n",\
                        "accountCertificateSerial":"a11ce5e71a1","certificateNotBefore":"2026-11-22T14:57:05Z",\
                        "certificateNotAfter":"2027-11-22T15:04:05Z","caKeyId":"36ddbc1560ab90cffb283f60520d1587c12796c9"}""",
                        new UserRegisteredEvent("alice", "Alice Liddell", HASH, "local", JAMI_ID, PEM, "a11ce5e71a1",
                                NOT_BEFORE, NOT_AFTER, CA_KEY_ID)),
                new Golden("org.jams.api.user.UserEvents$UserRevokedEvent", "1", """
                        {"username":"alice","jamiId":"f4889f12378e47bbbf76e2ad5f8e72868eb1a953","accountCertificateSerial":\
                        "a11ce5e71a1","caKeyId":"36ddbc1560ab90cffb283f60520d1587c12796c9","reason":"left the organisation",\
                        "actor":"root","revokedAt":"2026-11-22T15:04:05.123Z"}""",
                        new UserRevokedEvent("alice", JAMI_ID, "a11ce5e71a1", CA_KEY_ID, "left the organisation", "root",
                                AT)),
                new Golden("org.jams.api.device.DeviceEvents$DeviceCertificateIssuedEvent", "1", """
                        {"username":"alice","deviceId":"00e564f7a6d28cd29882f7ad6730f7f2f32f0ac7106e54993e855863d42dcd30",\
                        "deviceSha1Id":"9c1185a5c5e9fc54612808977ee8f548b2258d31","deviceName":"Alice's laptop",\
                        "serial":"de71ce01","notBefore":"2026-11-22T14:57:05Z","notAfter":"2027-11-22T15:04:05Z",\
                        "certificatePem":"-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIUQ2ZqZXRlc3Q=\\n-----END \
                        CERTIFICATE-----\\n","issuerKeyId":"f4889f12378e47bbbf76e2ad5f8e72868eb1a953",\
                        "sourceAddress":"203.0.113.7","userAgent":"Jami/20250301 (Linux)"}""",
                        new DeviceCertificateIssuedEvent("alice", DEVICE_ID, "9c1185a5c5e9fc54612808977ee8f548b2258d31",
                                "Alice's laptop", "de71ce01", NOT_BEFORE, NOT_AFTER, PEM, JAMI_ID, "203.0.113.7",
                                "Jami/20250301 (Linux)")),
                new Golden("org.jams.api.device.DeviceEvents$DeviceRevokedEvent", "1", """
                        {"username":"alice","deviceId":"00e564f7a6d28cd29882f7ad6730f7f2f32f0ac7106e54993e855863d42dcd30",\
                        "serials":["de71ce01","de71ce02"],"issuerKeyId":"f4889f12378e47bbbf76e2ad5f8e72868eb1a953",\
                        "reason":"stolen","actor":"root","revokedAt":"2026-11-22T15:04:05.123Z"}""",
                        new DeviceRevokedEvent("alice", DEVICE_ID, List.of("de71ce01", "de71ce02"), JAMI_ID, "stolen",
                                "root", AT)),
                new Golden("org.jams.api.sync.SyncEvents$ContactsSyncedEvent", "1", """
                        {"username":"alice","deviceId":"00e564f7a6d28cd29882f7ad6730f7f2f32f0ac7106e54993e855863d42dcd30",\
                        "received":2,"changed":[{"uri":"0123456789abcdef0123456789abcdef01234567","added":1700000000,\
                        "removed":0,"confirmed":true,"banned":false,"conversationId":"c0nv"}]}""",
                        new ContactsSyncedEvent("alice", DEVICE_ID, 2, List.of(new Contact(
                                "0123456789abcdef0123456789abcdef01234567", 1_700_000_000L, 0L, true, false, "c0nv")))),
                new Golden("org.jams.api.sync.SyncEvents$ConversationsSyncedEvent", "1", """
                        {"username":"alice","deviceId":"00e564f7a6d28cd29882f7ad6730f7f2f32f0ac7106e54993e855863d42dcd30",\
                        "kind":"conversations","received":1,"changed":[{"id":"c0nv","mode":0,"created":"1700000000"}]}""",
                        new ConversationsSyncedEvent("alice", DEVICE_ID, "conversations", 1,
                                List.of(Map.of("id", "c0nv", "mode", 0, "created", "1700000000")))),
                new Golden("org.jams.api.access.AccessEvents$DeviceLoggedInEvent", "1", """
                        {"username":"alice","deviceId":"00e564f7a6d28cd29882f7ad6730f7f2f32f0ac7106e54993e855863d42dcd30",\
                        "serial":"de71ce01"}""",
                        new DeviceLoggedInEvent("alice", DEVICE_ID, "de71ce01")),
                new Golden("org.jams.api.access.AccessEvents$PasswordLoginSucceededEvent", "1", """
                        {"username":"alice","scope":"USER"}""",
                        new PasswordLoginSucceededEvent("alice", "USER")),
                new Golden("org.jams.api.access.AccessEvents$AccessRefusedEvent", "1", """
                        {"subject":"alice","method":"password","path":"/api/login","reason":"wrong_password"}""",
                        new AccessRefusedEvent("alice", "password", "/api/login", "wrong_password")),
                // Written since 2026-12-02.
                new Golden("org.jams.api.revocation.RevocationEvents$DeviceCertificatesSupersededEvent", "1", """
                        {"username":"alice","deviceId":"00e564f7a6d28cd29882f7ad6730f7f2f32f0ac7106e54993e855863d42dcd30",\
                        "serials":["de71ce01"],"issuerKeyId":"f4889f12378e47bbbf76e2ad5f8e72868eb1a953",\
                        "supersededBy":"de71ce03","supersededAt":"2026-11-22T15:04:05.123Z"}""",
                        new DeviceCertificatesSupersededEvent("alice", DEVICE_ID, List.of("de71ce01"), JAMI_ID,
                                "de71ce03", AT)),
                // Written since 2026-12-03, with each serial's end of validity.
                new Golden("org.jams.api.revocation.RevocationEvents$DeviceCertificatesSupersededEvent", "1", """
                        {"username":"alice","deviceId":"00e564f7a6d28cd29882f7ad6730f7f2f32f0ac7106e54993e855863d42dcd30",\
                        "serials":["de71ce01"],"issuerKeyId":"f4889f12378e47bbbf76e2ad5f8e72868eb1a953",\
                        "supersededBy":"de71ce03","supersededAt":"2026-11-22T15:04:05.123Z",\
                        "notAfters":["2027-11-22T15:04:05Z"]}""",
                        new DeviceCertificatesSupersededEvent("alice", DEVICE_ID, List.of("de71ce01"), JAMI_ID,
                                "de71ce03", AT, List.of(Instant.parse("2027-11-22T15:04:05Z")))),
                new Golden("org.jams.api.revocation.RevocationEvents$DeviceRevokedEvent", "1", """
                        {"username":"alice","deviceId":"00e564f7a6d28cd29882f7ad6730f7f2f32f0ac7106e54993e855863d42dcd30",\
                        "serials":["de71ce01","de71ce02"],"issuerKeyId":"f4889f12378e47bbbf76e2ad5f8e72868eb1a953",\
                        "reason":"stolen","actor":"root","revokedAt":"2026-11-22T15:04:05.123Z",\
                        "notAfters":["2027-11-22T15:04:05Z","2027-11-23T15:04:05Z"]}""",
                        new DeviceRevokedEvent("alice", DEVICE_ID, List.of("de71ce01", "de71ce02"), JAMI_ID, "stolen",
                                "root", AT, List.of(Instant.parse("2027-11-22T15:04:05Z"),
                                        Instant.parse("2027-11-23T15:04:05Z")))),
                new Golden("org.jams.api.access.AccessEvents$AccountLockedEvent", "1", """
                        {"username":"alice","failedAttempts":10,"lockedUntil":"2026-11-22T15:04:05.123Z"}""",
                        new AccountLockedEvent("alice", 10, AT)),
                new Golden("org.jams.api.access.AccessEvents$AccountUnlockedEvent", "1", """
                        {"username":"alice","unlockedBy":"root","unlockedAt":"2026-11-22T15:04:05.123Z"}""",
                        new AccountUnlockedEvent("alice", "root", AT)));
    }

    /** One of each event, every component set, with values unlike the goldens'. */
    static List<Object> events() {
        Instant at = Instant.parse("2031-01-02T03:04:05.678901Z");
        Instant from = Instant.parse("2031-01-02T02:57:05Z");
        Instant to = Instant.parse("2032-01-02T03:04:05Z");
        String pem = "-----BEGIN CERTIFICATE-----\nQk9C\n-----END CERTIFICATE-----\n";
        String jamiId = "0000000000000000000000000000000000000b0b";
        String deviceId = "b".repeat(64);
        return List.of(
                new AdminAccountCreatedEvent("setup", "root.admin", "{argon2}$argon2id$v=19$m=16384", at),
                new AuditorAccountCreatedEvent("setup", "security.officer", "{argon2}$argon2id$v=19$m=16384", at),
                new OrganisationCaConfiguredEvent("setup", pem, "ca", "CN=Ünïcode CA,O=Exämple \"quoted\"", "1",
                        from, to, "imported"),
                new DirectoryConfiguredEvent("setup", "local"),
                new ExternalDirectoryConfiguredEvent("setup", new DirectorySettings("ldap", "ldap://[2001:db8::1]:389",
                        true, "cn=Ünïcode \"bot\",dc=example", "ou=people,dc=example", "(&(uid={0})(!(x=\\2a)))",
                        Map.of("username", "uid", "photo", "jpegPhoto;binary"), "ou=groups,dc=example", pem, "DOMAIN",
                        100, 60000, 10080, false), "AAEC", at),
                new ServerSettingsChangedEvent("setup", 3650, 1, 525600, "", "https://jams.example.org/prefix"),
                new UserRegisteredEvent("bob", "Bob 🙂 Ünïcode", "hash", "local", jamiId, pem, "ff", from, to, "ca"),
                new UserRevokedEvent("bob", jamiId, "ff", "ca", "reason with \"quotes\" and \\ backslash", "root", at),
                new DeviceCertificateIssuedEvent("bob", deviceId, "c".repeat(40), "phone", "ab", from, to, pem, jamiId,
                        "2001:db8::1", "Jami/1.0"),
                new DeviceRevokedEvent("bob", deviceId, List.of("ab", "cd", "ef"), jamiId, "lost", "admin", at,
                        List.of(to, to, to.plusSeconds(1))),
                new ContactsSyncedEvent("bob", deviceId, 3, List.of(
                        new Contact(jamiId, 1L, 2L, false, true, "conversation-1"),
                        new Contact("1".repeat(40), Long.MAX_VALUE, 0L, true, false, ""))),
                new ConversationsSyncedEvent("bob", deviceId, "conversationRequests", 2, List.of(
                        Map.of("conversationId", "c1", "from", jamiId, "received", "1700000001",
                                "metadatas", Map.of("title", "Book club")),
                        Map.of("conversationId", "c2", "flags", List.of("a", "b"), "declined", true))),
                new DeviceLoggedInEvent("bob", deviceId, "ab"),
                new PasswordLoginSucceededEvent("bob", "ADMIN"),
                new AccessRefusedEvent(deviceId, "certificate", "/api/auth/device", "revoked_device"),
                new DeviceCertificatesSupersededEvent("bob", deviceId, List.of("ab", "cd"), jamiId, "ef", at,
                        List.of(to, to)),
                new AccountLockedEvent("bob", 12, at),
                new AccountUnlockedEvent("bob", "command line", at),
                new DirectoryProfileChangedEvent("bob", "Bob 🙂", "Bob", "Ünïcode", "bob@example.org", "0".repeat(64),
                        List.of("cn=Ünïcode team,ou=groups,dc=example,dc=org"), at),
                new UserDisabledEvent("bob", "person removed from the directory", "directory-sync", at),
                new UserEnabledEvent("bob", "directory", at),
                new GroupCreatedEvent("group-id", "ünïcode team", "Équipe 🙂", at),
                new GroupRenamedEvent("group-id", "ünïcode team", "équipe", at),
                new GroupDeletedEvent("group-id", "équipe", at),
                new GroupMemberAddedEvent("group-id", "ünïcode team", "bob", at),
                new GroupMemberRemovedEvent("group-id", "équipe", "bob", at),
                new BlueprintVersionCreatedEvent("office", 1, Map.of("Account.uiCustomization", "{\"a\":\"é\"}"), at),
                new BlueprintAttachedEvent("ünïcode team", "office", 1, at),
                new BlueprintDetachedEvent("ünïcode team", at),
                new DefaultBlueprintSetEvent("office", at),
                new PolicyDeliveredEvent("bob", deviceId, Map.of("office", 1), "enrollment", at),
                new CrlPublishedEvent("0123456789abcdef0123456789abcdef01234567", "ORGANISATION_CA",
                        at.toEpochMilli(), at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(300), 0, "cd".repeat(32),
                        at));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void everyEventComesBackEqualFromTheEventStoreJson(Object event) throws Exception {
        assertEveryComponentIsSet(event);

        String json = MAPPER.writeValueAsString(event);
        assertThat(MAPPER.readValue(json, event.getClass())).as(json).isEqualTo(event);

        byte[] stored = MAPPER.writeValueAsBytes(event);
        assertThat(load(stored, event.getClass().getName(), REVISIONS.revisionOf(event.getClass()))).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void jsonStoredByEarlierVersionsStillLoadsIntoTheSameEvent(Golden golden) throws Exception {
        assertThat(load(golden.json().getBytes(StandardCharsets.UTF_8), golden.payloadType(), golden.revision())).as(golden.json()).isEqualTo(golden.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void storedJsonWithPropertiesThisVersionDoesNotKnowStillLoads(Golden golden) throws Exception {
        ObjectNode fromTheFuture = (ObjectNode) MAPPER.readTree(golden.json());
        fromTheFuture.put("addedByALaterVersion", "ignored");
        fromTheFuture.putObject("nestedAddition").put("x", 1);

        assertThat(load(MAPPER.writeValueAsBytes(fromTheFuture), golden.payloadType(), golden.revision()))
                .isEqualTo(golden.expected());
    }

    @Test
    void everyEventTypeHasASampleAndAGoldenOfTheRevisionItIsWrittenWithToday() {
        Set<Class<?>> eventTypes = eventTypesOfCoreApi();
        assertThat(eventTypes).as("event types found in core-api").hasSizeGreaterThanOrEqualTo(8)
                .contains(UserRegisteredEvent.class, DeviceRevokedEvent.class, AdminAccountCreatedEvent.class);

        assertThat(events().stream().map(Object::getClass).collect(Collectors.toSet()))
                .as("a round-trip sample for every event type").isEqualTo(eventTypes);
        Set<String> goldenTypes = goldens().stream().map(g -> g.payloadType() + " r" + g.revision())
                .collect(Collectors.toSet());
        for (Class<?> type : eventTypes) {
            String writtenToday = type.getName() + " r" + REVISIONS.revisionOf(type);
            assertThat(goldenTypes).as("a golden of " + type.getName() + " at the revision written today")
                    .contains(writtenToday);
        }
    }

    @Test
    void everyEventDeclaresARevisionSoItCanBeUpcastLater() {
        assertThat(eventTypesOfCoreApi()).allSatisfy(type ->
                assertThat(type.getAnnotation(Revision.class)).as(type.getName() + " has @Revision").isNotNull());
    }

    @Test
    void timesAreStoredAsIso8601TextAsTheGoldensHaveThem() throws Exception {
        JsonNode json = MAPPER.valueToTree(new DeviceRevokedEvent("bob", "d", List.of("1"), "j", "r", "a",
                Instant.parse("2026-11-22T15:04:05.120Z")));

        assertThat(json.get("revokedAt").isTextual()).as(json.toString()).isTrue();
        assertThat(json.get("revokedAt").asText()).isEqualTo("2026-11-22T15:04:05.120Z");
    }

    /** As the event store reads a stored row: through the upcasters, then the event serializer. */
    private static Object load(byte[] json, String payloadType, String revision) {
        GenericDomainEventEntry<byte[]> row = new GenericDomainEventEntry<>("UserAccount", "bob", 0, "event-1",
                "2026-11-22T15:04:05.123Z", payloadType, revision, json, "{}".getBytes(StandardCharsets.UTF_8));
        DomainEventStream read = EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(row), SERIALIZER,
                StoredTypes.upcasters());
        return read.next().getPayload();
    }

    /** Records of org.jams.api named *Event or carrying @Revision: what the event store holds. */
    private static Set<Class<?>> eventTypesOfCoreApi() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.jams.api").stream()
                .filter(c -> c.isAnnotatedWith(Revision.class)
                        || (c.isRecord() && c.getSimpleName().endsWith("Event")))
                .map(JavaClass::reflect)
                .collect(Collectors.toSet());
    }

    private static void assertEveryComponentIsSet(Object event) throws Exception {
        assertThat(event.getClass().isRecord()).as(event.getClass() + " is a record").isTrue();
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            Object value = component.getAccessor().invoke(event);
            assertThat(value).as(component.getName() + " of the sample " + event.getClass().getSimpleName())
                    .isNotNull();
            if (value instanceof Collection<?> collection) {
                assertThat(collection).as(component.getName()).isNotEmpty();
            }
        }
    }
}
