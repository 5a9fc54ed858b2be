package org.jams.command.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.jams.api.error.DomainException.Kind.CONFLICT;
import static org.jams.api.error.DomainException.Kind.INVALID;
import static org.jams.api.error.DomainException.Kind.RATE_LIMITED;
import static org.jams.command.directory.EventMatchers.a;
import static org.jams.command.directory.EventMatchers.captured;
import static org.jams.command.directory.EventMatchers.field;
import static org.jams.command.directory.EventMatchers.where;
import static org.jams.command.testing.DomainRefusals.refusedWith;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jams.api.directory.DirectoryCommands.RegisterUserCommand;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.enrollment.DeviceEnrollment;
import org.jams.api.enrollment.EnrollmentCommands.SignDeviceCsrCommand;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.error.DomainException;
import org.jams.api.revocation.RevocationCommands.RevokeDeviceCommand;
import org.jams.api.revocation.RevocationCommands.RevokeUserCommand;
import org.jams.api.revocation.RevocationEvents.DeviceCertificatesSupersededEvent;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.command.enrollment.EnrollmentLimits;
import org.jams.command.testing.FixedCaSource;
import org.jams.command.testing.FixedLifetimes;
import org.jams.command.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SignDeviceCsr: a device certificate signed by the user's account key, from the device's CSR. */
class SignDeviceCsrTest extends UserAccountFixture {

    private static final String DEVICE_ID = TestPki.sha256Hex(DEVICE_KEY.getPublic());
    private static final String DEVICE_SHA1 = TestPki.sha1Hex(DEVICE_KEY.getPublic());
    private static final String CSR = TestPki.csrPem(DEVICE_KEY);

    private static RegisterUserCommand registerAlice() {
        return new RegisterUserCommand("alice", "Alice", HASH, "local");
    }

    private static SignDeviceCsrCommand enroll(String csrPem, String deviceName) {
        return new SignDeviceCsrCommand("alice", csrPem, deviceName, "203.0.113.7", "Jami/20250301 (Linux)");
    }

    /** A key renewing for the third time supersedes its oldest certificate: two stay valid, whatever the renewals. */
    @Test
    void aRenewalBeyondTwoValidCertificatesSupersedesTheOldest() {
        fixture.givenCurrentTime(EVENT_TIME).andGivenCommands(registerAlice(), enroll(CSR, "first"),
                enroll(CSR, "second"));
        List<DeviceCertificateIssuedEvent> before = stored("alice", DeviceCertificateIssuedEvent.class);

        fixture.when(enroll(CSR, "third"))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(a(DeviceCertificateIssuedEvent.class),
                        a(DeviceCertificatesSupersededEvent.class,
                                field("serials", DeviceCertificatesSupersededEvent::serials,
                                        equalTo(List.of(before.get(0).serial()))),
                                field("deviceId", DeviceCertificatesSupersededEvent::deviceId, equalTo(DEVICE_ID)),
                                field("issuerKeyId", DeviceCertificatesSupersededEvent::issuerKeyId,
                                        equalTo(registration("alice").jamiId())),
                                field("supersededAt", DeviceCertificatesSupersededEvent::supersededAt,
                                        equalTo(EVENT_TIME)),
                                field("notAfters", DeviceCertificatesSupersededEvent::notAfters,
                                        equalTo(List.of(before.get(0).notAfter())))),
                        andNoMore())));
        List<DeviceCertificateIssuedEvent> issued = stored("alice", DeviceCertificateIssuedEvent.class);
        assertThat(stored("alice", DeviceCertificatesSupersededEvent.class)).singleElement()
                .satisfies(superseded -> assertThat(superseded.supersededBy()).isEqualTo(issued.get(2).serial()));
        assertThat(stored("alice", DeviceCertificatesSupersededEvent.class).get(0).serials())
                .doesNotContain(before.get(1).serial());
    }

    /** A person may enroll so many times within the window; then 429 until the oldest leaves the window. */
    @Test
    void enrollmentsBeyondThePersonsLimitAreRefusedUntilTheWindowMoves() {
        fixture = fixtureWith(FixedCaSource.of(CA), LIFETIMES, new EnrollmentLimits(2, Duration.ofHours(1)));
        fixture.givenCurrentTime(EVENT_TIME).andGivenCommands(registerAlice(), enroll(CSR, "first"))
                .andGivenCurrentTime(EVENT_TIME.plus(Duration.ofMinutes(20)))
                .andGivenCommands(enroll(TestPki.csrPem(OTHER_DEVICE_KEY), "second"))
                .when(enroll(CSR, "third"))
                .expectException(refusedWith(RATE_LIMITED, "too_many_enrollments"))
                .expectException(DomainException.class)
                .expectNoEvents()
                .expectExceptionMessage("This person enrolled 2 devices within 60 minutes: try again in 2400 seconds.");

        fixture = fixtureWith(FixedCaSource.of(CA), LIFETIMES, new EnrollmentLimits(2, Duration.ofHours(1)));
        fixture.givenCurrentTime(EVENT_TIME).andGivenCommands(registerAlice(), enroll(CSR, "first"))
                .andGivenCurrentTime(EVENT_TIME.plus(Duration.ofMinutes(20)))
                .andGivenCommands(enroll(TestPki.csrPem(OTHER_DEVICE_KEY), "second"))
                .andGivenCurrentTime(EVENT_TIME.plus(Duration.ofMinutes(60)))
                .when(enroll(CSR, "third"))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aCsrIsSignedByTheAccountKeyAndTheEnrollmentIsReturned() {
        fixture.givenCurrentTime(EVENT_TIME).andGivenCommands(registerAlice());
        UserRegisteredEvent account = registration("alice");
        X509Certificate accountCertificate = TestPki.certificate(account.accountCertificatePem());
        AtomicReference<DeviceCertificateIssuedEvent> issued = new AtomicReference<>();

        fixture.when(enroll(CSR, "  Alice's laptop "))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(allOf(a(DeviceCertificateIssuedEvent.class,
                        field("username", DeviceCertificateIssuedEvent::username, equalTo("alice")),
                        field("deviceId (SHA-256 of the CSR key)", DeviceCertificateIssuedEvent::deviceId,
                                equalTo(DEVICE_ID)),
                        field("deviceSha1Id", DeviceCertificateIssuedEvent::deviceSha1Id, equalTo(DEVICE_SHA1)),
                        field("deviceName (trimmed)", DeviceCertificateIssuedEvent::deviceName,
                                equalTo("Alice's laptop")),
                        field("serial", DeviceCertificateIssuedEvent::serial, matchesPattern("[0-9a-f]{1,40}")),
                        where("the serial is the certificate's", (DeviceCertificateIssuedEvent e) ->
                                e.serial().equals(device(e).getSerialNumber().toString(16))),
                        field("notBefore (backdated)", DeviceCertificateIssuedEvent::notBefore,
                                equalTo(PKI_NOW_SECONDS.minus(LIFETIMES.backdating()))),
                        field("notAfter", DeviceCertificateIssuedEvent::notAfter,
                                equalTo(PKI_NOW_SECONDS.plus(LIFETIMES.device()))),
                        where("the validity is the certificate's", (DeviceCertificateIssuedEvent e) ->
                                e.notBefore().equals(device(e).getNotBefore().toInstant())
                                        && e.notAfter().equals(device(e).getNotAfter().toInstant())),
                        where("the certificate certifies the CSR's key", (DeviceCertificateIssuedEvent e) ->
                                device(e).getPublicKey().equals(DEVICE_KEY.getPublic())),
                        where("the certificate is signed by the account key", (DeviceCertificateIssuedEvent e) ->
                                TestPki.isSignedBy(device(e), accountCertificate.getPublicKey())
                                        && device(e).getIssuerX500Principal()
                                        .equals(accountCertificate.getSubjectX500Principal())),
                        where("the certificate is not a CA", (DeviceCertificateIssuedEvent e) ->
                                device(e).getBasicConstraints() == -1),
                        field("issuerKeyId (the Jami ID)", DeviceCertificateIssuedEvent::issuerKeyId,
                                equalTo(account.jamiId())),
                        field("sourceAddress", DeviceCertificateIssuedEvent::sourceAddress, equalTo("203.0.113.7")),
                        field("userAgent", DeviceCertificateIssuedEvent::userAgent,
                                equalTo("Jami/20250301 (Linux)"))),
                        captured(DeviceCertificateIssuedEvent.class, issued)), andNoMore())))
                .expectResultMessagePayloadMatching(a(DeviceEnrollment.class,
                        field("username", DeviceEnrollment::username, equalTo("alice")),
                        field("deviceId", DeviceEnrollment::deviceId, equalTo(DEVICE_ID)),
                        field("deviceSha1Id", DeviceEnrollment::deviceSha1Id, equalTo(DEVICE_SHA1)),
                        where("serial and certificate are those of the stored event", (DeviceEnrollment r) ->
                                r.serial().equals(issued.get().serial())
                                        && r.deviceCertificatePem().equals(issued.get().certificatePem())),
                        field("accountCertificatePem", DeviceEnrollment::accountCertificatePem,
                                equalTo(account.accountCertificatePem())),
                        where("caCertificatePem is the organisation CA", (DeviceEnrollment r) ->
                                TestPki.certificate(r.caCertificatePem()).equals(CA.certificate())),
                        field("jamiId", DeviceEnrollment::jamiId, equalTo(account.jamiId()))));
    }

    @Test
    void aDeviceCertificateNeverOutlivesTheAccountCertificate() {
        FixedLifetimes shortAccounts = new FixedLifetimes(Duration.ofDays(90), Duration.ofDays(30),
                LIFETIMES.backdating());
        fixture = fixtureWith(FixedCaSource.of(CA), shortAccounts);
        fixture.givenCommands(registerAlice())
                .when(enroll(CSR, "laptop"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(a(DeviceCertificateIssuedEvent.class,
                        field("notAfter (the account certificate's)", DeviceCertificateIssuedEvent::notAfter,
                                equalTo(PKI_NOW_SECONDS.plus(Duration.ofDays(30))))), andNoMore())));
    }

    @Test
    void theSameKeyReEnrollingWhileActiveGetsASecondCertificateWithANewSerial() {
        fixture.givenCommands(registerAlice(), enroll(CSR, "laptop"));
        String firstSerial = stored("alice", DeviceCertificateIssuedEvent.class).get(0).serial();

        fixture.when(enroll(CSR, "laptop, reinstalled"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(a(DeviceCertificateIssuedEvent.class,
                        field("deviceId", DeviceCertificateIssuedEvent::deviceId, equalTo(DEVICE_ID)),
                        field("deviceName", DeviceCertificateIssuedEvent::deviceName,
                                equalTo("laptop, reinstalled")),
                        field("serial", DeviceCertificateIssuedEvent::serial, not(equalTo(firstSerial)))),
                        andNoMore())))
                .expectResultMessagePayloadMatching(a(DeviceEnrollment.class,
                        field("serial", DeviceEnrollment::serial, not(equalTo(firstSerial)))));
    }

    @Test
    void revokingAReEnrolledDeviceRevokesEveryCertificateItWasIssued() {
        fixture.givenCurrentTime(EVENT_TIME)
                .andGivenCommands(registerAlice(), enroll(CSR, "laptop"), enroll(CSR, "laptop"));
        List<String> serials = stored("alice", DeviceCertificateIssuedEvent.class).stream()
                .map(DeviceCertificateIssuedEvent::serial).toList();
        List<java.time.Instant> notAfters = stored("alice", DeviceCertificateIssuedEvent.class).stream()
                .map(DeviceCertificateIssuedEvent::notAfter).toList();
        assertThat(serials).hasSize(2).doesNotHaveDuplicates();
        String jamiId = registration("alice").jamiId();

        fixture.when(new RevokeDeviceCommand("alice", DEVICE_ID, "stolen", "admin"))
                .expectEvents(new DeviceRevokedEvent("alice", DEVICE_ID, serials, jamiId, "stolen", "admin",
                        EVENT_TIME, notAfters));
    }

    @Test
    void aSecondDeviceGetsItsOwnId() {
        fixture.givenCommands(registerAlice(), enroll(CSR, "laptop"))
                .when(enroll(TestPki.csrPem(OTHER_DEVICE_KEY), "phone"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(a(DeviceCertificateIssuedEvent.class,
                        field("deviceId", DeviceCertificateIssuedEvent::deviceId,
                                equalTo(TestPki.sha256Hex(OTHER_DEVICE_KEY.getPublic())))), andNoMore())));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "not a certificate request",
            "-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n"})
    void aMalformedCsrIsRefusedAndStoresNothing(String csrPem) {
        fixture.givenCommands(registerAlice())
                .when(enroll(csrPem, "laptop"))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "malformed_csr"))
                .expectNoEvents();
    }

    @Test
    void aMissingCsrIsRefusedAsMalformedAndStoresNothing() {
        fixture.givenCommands(registerAlice())
                .when(enroll(null, "laptop"))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "malformed_csr"))
                .expectNoEvents();
    }

    @Test
    void anRsa1024DeviceKeyIsRefusedAsUnsupportedAndStoresNothing() {
        KeyPair weak = TestPki.rsa(1024);
        fixture.givenCommands(registerAlice())
                .when(enroll(TestPki.csrPem(weak), "old phone"))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "unsupported_key"))
                .expectNoEvents();
    }

    @Test
    void aCsrNotSignedByItsOwnKeyIsRefusedAndStoresNothing() {
        String forged = TestPki.csrPem(DEVICE_KEY.getPublic(), OTHER_DEVICE_KEY.getPrivate());
        fixture.givenCommands(registerAlice())
                .when(enroll(forged, "laptop"))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "bad_csr_signature"))
                .expectNoEvents();
    }

    @Test
    void aCsrLargerThan64KibIsRefusedAndStoresNothing() {
        fixture.givenCommands(registerAlice())
                .when(enroll(CSR + " ".repeat(64 * 1024), "laptop"))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "csr_too_large"))
                .expectNoEvents();
    }

    @Test
    void aDeviceNameOf255CharactersIsAccepted() {
        fixture.givenCommands(registerAlice())
                .when(enroll(CSR, "d".repeat(255)))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(a(DeviceCertificateIssuedEvent.class,
                        field("deviceName", DeviceCertificateIssuedEvent::deviceName, equalTo("d".repeat(255)))),
                        andNoMore())));
    }

    @Test
    void aDeviceNameLongerThan255CharactersIsRefusedAndStoresNothing() {
        fixture.givenCommands(registerAlice())
                .when(enroll(CSR, "d".repeat(256)))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "invalid_deviceName"))
                .expectNoEvents();
    }

    @Test
    void aDeviceNameWithControlCharactersIsRefusedAndStoresNothing() {
        fixture.givenCommands(registerAlice())
                .when(enroll(CSR, "laptop\u001b[31m"))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "invalid_deviceName"))
                .expectNoEvents();
    }

    @Test
    void aRevokedUserCannotEnrollADeviceAndNothingIsStored() {
        fixture.givenCommands(registerAlice(), new RevokeUserCommand("alice", "left", "admin"))
                .when(enroll(CSR, "laptop"))
                .expectException(DomainException.class)
                .expectException(refusedWith(CONFLICT, "user_revoked"))
                .expectNoEvents();
    }

    @Test
    void reEnrollingARevokedDeviceKeyIsRefusedAsDeviceRevokedAndStoresNothing() {
        fixture.givenCommands(registerAlice(), enroll(CSR, "laptop"),
                        new RevokeDeviceCommand("alice", DEVICE_ID, "lost", "admin"))
                .when(enroll(CSR, "laptop, found again"))
                .expectException(DomainException.class)
                .expectException(refusedWith(CONFLICT, "device_revoked"))
                .expectNoEvents();
    }

    @Test
    void aNewKeyOnTheSameMachineEnrollsAfterTheOldKeyWasRevoked() {
        fixture.givenCommands(registerAlice(), enroll(CSR, "laptop"),
                        new RevokeDeviceCommand("alice", DEVICE_ID, "lost", "admin"))
                .when(enroll(TestPki.csrPem(OTHER_DEVICE_KEY), "laptop"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(a(DeviceCertificateIssuedEvent.class,
                        field("deviceId", DeviceCertificateIssuedEvent::deviceId,
                                equalTo(TestPki.sha256Hex(OTHER_DEVICE_KEY.getPublic())))), andNoMore())));
    }

    private static X509Certificate device(DeviceCertificateIssuedEvent event) {
        return TestPki.certificate(event.certificatePem());
    }
}
