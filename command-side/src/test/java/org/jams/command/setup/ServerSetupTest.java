package org.jams.command.setup;

import static org.jams.api.error.DomainException.Kind.CONFLICT;
import static org.jams.api.error.DomainException.Kind.INVALID;
import static org.jams.command.testing.DomainRefusals.refusedWith;

import java.math.BigInteger;
import java.time.Instant;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.jams.api.error.DomainException;
import org.jams.api.setup.SetupCommands.ChangeServerSettingsCommand;
import org.jams.api.setup.SetupCommands.ConfigureDirectoryCommand;
import org.jams.api.setup.SetupCommands.ConfigureOrganisationCaCommand;
import org.jams.api.setup.SetupCommands.CreateAdminAccountCommand;
import org.jams.api.setup.SetupEvents.AdminAccountCreatedEvent;
import org.jams.api.setup.SetupEvents.DirectoryConfiguredEvent;
import org.jams.api.setup.SetupEvents.OrganisationCaConfiguredEvent;
import org.jams.api.setup.SetupEvents.ServerSettingsChangedEvent;
import org.jams.command.pki.OrganisationCa;
import org.jams.command.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The server setup aggregate, with the real PEM CA inspector. */
class ServerSetupTest {

    private static final String SETUP = "jams-server-setup";
    /** The fixture's clock; deliberately in the past so it cannot be mistaken for the system clock. */
    private static final Instant EVENT_TIME = Instant.parse("2025-03-14T10:00:00.123Z");
    private static final String HASH = "{bcrypt}$2a$10$abcdefghijklmnopqrstuu5Xy9FQ3aMZu1b2c3d4e5f6g7h8i9j0k";

    private static final String CA_SUBJECT = "CN=Fixture Org CA,O=JAMS Tests";
    private static final BigInteger CA_SERIAL = new BigInteger("5eedcafe0001", 16);
    private static final Instant CA_NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant CA_NOT_AFTER = Instant.parse("2035-01-01T00:00:00Z");

    private static String caPem;

    private AggregateTestFixture<ServerSetup> fixture;

    @BeforeAll
    static void buildCa() {
        OrganisationCa ca = TestPki.organisationCa(CA_SUBJECT, CA_SERIAL, CA_NOT_BEFORE, CA_NOT_AFTER);
        caPem = TestPki.pem(ca.certificate());
    }

    @BeforeEach
    void newFixture() {
        fixture = new AggregateTestFixture<>(ServerSetup.class);
        fixture.registerInjectableResource(new PemOrganisationCaInspector());
    }

    private static OrganisationCaConfiguredEvent caConfigured() {
        return new OrganisationCaConfiguredEvent(SETUP, caPem, "0123456789abcdef0123456789abcdef01234567",
                CA_SUBJECT, "5eedcafe0001", CA_NOT_BEFORE, CA_NOT_AFTER, "generated");
    }

    @Nested
    class CreateAdminAccount {

        @Test
        void theFirstAdminIsCreatedAtTheFixtureTimeWithItsPasswordHash() {
            fixture.givenCurrentTime(EVENT_TIME)
                    .when(new CreateAdminAccountCommand(SETUP, "admin", HASH))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new AdminAccountCreatedEvent(SETUP, "admin", HASH, EVENT_TIME));
        }

        @Test
        void anAdminCanBeCreatedAfterTheRestOfTheSetup() {
            fixture.givenCurrentTime(EVENT_TIME)
                    .andGiven(caConfigured(), new DirectoryConfiguredEvent(SETUP, "local"))
                    .when(new CreateAdminAccountCommand(SETUP, "root.admin", HASH))
                    .expectEvents(new AdminAccountCreatedEvent(SETUP, "root.admin", HASH, EVENT_TIME));
        }

        @Test
        void aSecondAdminIsRefusedAsAdminExistsAndStoresNothing() {
            fixture.given(new AdminAccountCreatedEvent(SETUP, "admin", HASH, EVENT_TIME))
                    .when(new CreateAdminAccountCommand(SETUP, "another", HASH))
                    .expectException(DomainException.class)
                    .expectException(refusedWith(CONFLICT, "admin_exists"))
                    .expectNoEvents();
        }

        @Test
        void aSecondAdminIsStillRefusedOnceTheCaIsConfigured() {
            fixture.given(new AdminAccountCreatedEvent(SETUP, "admin", HASH, EVENT_TIME), caConfigured())
                    .when(new CreateAdminAccountCommand(SETUP, "admin", HASH))
                    .expectException(refusedWith(CONFLICT, "admin_exists"))
                    .expectNoEvents();
        }

        @ParameterizedTest(name = "\"{0}\"")
        @NullAndEmptySource
        @ValueSource(strings = {"ab", "Admin", "ad min", "admin!", "émile", "a23456789012345678901234567890123"})
        void anInvalidUsernameIsRefusedAndStoresNothing(String username) {
            fixture.givenNoPriorActivity()
                    .when(new CreateAdminAccountCommand(SETUP, username, HASH))
                    .expectException(DomainException.class)
                    .expectException(refusedWith(INVALID, "invalid_username"))
                    .expectNoEvents();
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"abc", "a2345678901234567890123456789012", "a_b.c-d"})
        void usernamesOfThreeToThirtyTwoAllowedCharactersAreAccepted(String username) {
            fixture.givenCurrentTime(EVENT_TIME)
                    .when(new CreateAdminAccountCommand(SETUP, username, HASH))
                    .expectEvents(new AdminAccountCreatedEvent(SETUP, username, HASH, EVENT_TIME));
        }

        @ParameterizedTest(name = "\"{0}\"")
        @NullAndEmptySource
        @ValueSource(strings = {"   "})
        void aMissingPasswordHashIsRefusedAndStoresNothing(String hash) {
            fixture.givenNoPriorActivity()
                    .when(new CreateAdminAccountCommand(SETUP, "admin", hash))
                    .expectException(DomainException.class)
                    .expectException(refusedWith(INVALID, "missing_password"))
                    .expectNoEvents();
        }
    }

    @Nested
    class ConfigureOrganisationCa {

        @Test
        void theCaIsRecordedWithTheSubjectSerialAndValidityReadFromItsCertificate() {
            fixture.givenNoPriorActivity()
                    .when(new ConfigureOrganisationCaCommand(SETUP, caPem,
                            "0123456789abcdef0123456789abcdef01234567", "generated"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(caConfigured());
        }

        @Test
        void anImportedCaIsRecordedAsImported() {
            fixture.given(new AdminAccountCreatedEvent(SETUP, "admin", HASH, EVENT_TIME))
                    .when(new ConfigureOrganisationCaCommand(SETUP, caPem, "key-id", "imported"))
                    .expectEvents(new OrganisationCaConfiguredEvent(SETUP, caPem, "key-id", CA_SUBJECT,
                            "5eedcafe0001", CA_NOT_BEFORE, CA_NOT_AFTER, "imported"));
        }

        @Test
        void aSecondCaIsRefusedAsCaExistsAndStoresNothing() {
            fixture.given(caConfigured())
                    .when(new ConfigureOrganisationCaCommand(SETUP, caPem, "other-key-id", "imported"))
                    .expectException(DomainException.class)
                    .expectException(refusedWith(CONFLICT, "ca_exists"))
                    .expectNoEvents();
        }

        @Test
        void anEndEntityCertificateIsRefusedAsNotACaAndStoresNothing() {
            String endEntity = TestPki.pem(TestPki.selfSigned(TestPki.rsa(2048), "CN=server.example.org",
                    BigInteger.TWO, CA_NOT_BEFORE, CA_NOT_AFTER, new BasicConstraints(false)));
            fixture.givenNoPriorActivity()
                    .when(new ConfigureOrganisationCaCommand(SETUP, endEntity, "key-id", "imported"))
                    .expectException(DomainException.class)
                    .expectException(refusedWith(INVALID, "not_a_ca"))
                    .expectNoEvents();
        }

        @Test
        void aCertificateWithoutBasicConstraintsIsRefusedAsNotACaAndStoresNothing() {
            String v3WithoutConstraints = TestPki.pem(TestPki.selfSigned(TestPki.rsa(2048), "CN=No Constraints",
                    BigInteger.TEN, CA_NOT_BEFORE, CA_NOT_AFTER, null));
            fixture.givenNoPriorActivity()
                    .when(new ConfigureOrganisationCaCommand(SETUP, v3WithoutConstraints, "key-id", "imported"))
                    .expectException(refusedWith(INVALID, "not_a_ca"))
                    .expectNoEvents();
        }

        @ParameterizedTest(name = "\"{0}\"")
        @NullAndEmptySource
        @ValueSource(strings = {"not a certificate",
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"})
        void anUnreadableCertificateIsRefusedAndStoresNothing(String pem) {
            fixture.givenNoPriorActivity()
                    .when(new ConfigureOrganisationCaCommand(SETUP, pem, "key-id", "imported"))
                    .expectException(DomainException.class)
                    .expectException(refusedWith(INVALID, "unreadable_certificate"))
                    .expectNoEvents();
        }
    }

    @Nested
    class ConfigureDirectory {

        @Test
        void theLocalDirectoryIsConfigured() {
            fixture.givenNoPriorActivity()
                    .when(new ConfigureDirectoryCommand(SETUP, "local"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new DirectoryConfiguredEvent(SETUP, "local"));
        }

        @ParameterizedTest(name = "\"{0}\"")
        @NullAndEmptySource
        @ValueSource(strings = {"ldap", "ad", "LOCAL", " local"})
        void anUnsupportedDirectoryTypeIsRefusedAndStoresNothing(String type) {
            fixture.given(new DirectoryConfiguredEvent(SETUP, "local"))
                    .when(new ConfigureDirectoryCommand(SETUP, type))
                    .expectException(DomainException.class)
                    .expectException(refusedWith(INVALID, "unsupported_directory"))
                    .expectNoEvents();
        }
    }

    @Nested
    class ChangeServerSettings {

        @Test
        void validSettingsAreRecordedWithTheCorsOriginTrimmed() {
            fixture.givenNoPriorActivity()
                    .when(new ChangeServerSettingsCommand(SETUP, 365, 730, 5, "  https://admin.example.org:8443 "))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new ServerSettingsChangedEvent(SETUP, 365, 730, 5,
                            "https://admin.example.org:8443"));
        }

        @Test
        void noCorsOriginIsRecordedAsEmpty() {
            fixture.givenNoPriorActivity()
                    .when(new ChangeServerSettingsCommand(SETUP, 1, 1, 1, null))
                    .expectEvents(new ServerSettingsChangedEvent(SETUP, 1, 1, 1, ""));
        }

        @Test
        void theUpperBoundsAreAcceptedAndSettingsCanChangeAgain() {
            fixture.given(new ServerSettingsChangedEvent(SETUP, 365, 365, 5, ""))
                    .when(new ChangeServerSettingsCommand(SETUP, 3650, 3650, 525600, "http://localhost"))
                    .expectEvents(new ServerSettingsChangedEvent(SETUP, 3650, 3650, 525600, "http://localhost"));
        }

        static Stream<Arguments> outOfRange() {
            return Stream.of(
                    Arguments.of(0, 730, 5, "invalid_deviceLifetimeDays"),
                    Arguments.of(3651, 730, 5, "invalid_deviceLifetimeDays"),
                    Arguments.of(-1, 730, 5, "invalid_deviceLifetimeDays"),
                    Arguments.of(365, 0, 5, "invalid_userLifetimeDays"),
                    Arguments.of(365, 3651, 5, "invalid_userLifetimeDays"),
                    Arguments.of(365, 730, 0, "invalid_crlLifetimeMinutes"),
                    Arguments.of(365, 730, 525601, "invalid_crlLifetimeMinutes"),
                    Arguments.of(365, 730, Integer.MIN_VALUE, "invalid_crlLifetimeMinutes"));
        }

        @ParameterizedTest(name = "device {0} d, user {1} d, CRL {2} min -> {3}")
        @MethodSource("outOfRange")
        void aValueOutOfItsRangeIsRefusedWithItsFieldInTheCodeAndStoresNothing(int deviceDays, int userDays,
                                                                              int crlMinutes, String code) {
            fixture.givenNoPriorActivity()
                    .when(new ChangeServerSettingsCommand(SETUP, deviceDays, userDays, crlMinutes, ""))
                    .expectException(DomainException.class)
                    .expectException(refusedWith(INVALID, code))
                    .expectNoEvents();
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"admin.example.org", "https://admin.example.org/", "ftp://admin.example.org", "*",
                "https://admin.example.org:123456", "https://a.example.org https://b.example.org",
                "https://admin.example.org/path", "https://user@admin.example.org"})
        void aCorsOriginThatIsNotAnOriginIsRefusedAndStoresNothing(String origin) {
            fixture.givenNoPriorActivity()
                    .when(new ChangeServerSettingsCommand(SETUP, 365, 730, 5, origin))
                    .expectException(DomainException.class)
                    .expectException(refusedWith(INVALID, "invalid_cors_origin"))
                    .expectNoEvents();
        }
    }
}
