package org.jams.command.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.jams.api.error.DomainException.Kind.CONFLICT;
import static org.jams.api.error.DomainException.Kind.INVALID;
import static org.jams.command.directory.EventMatchers.a;
import static org.jams.command.directory.EventMatchers.field;
import static org.jams.command.directory.EventMatchers.where;
import static org.jams.command.testing.DomainRefusals.refusedWith;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;
import org.jams.api.directory.DirectoryCommands.RegisterUserCommand;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.error.DomainException;
import org.jams.command.pki.OrganisationCa;
import org.jams.command.testing.FixedCaSource;
import org.jams.command.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** RegisterUser: a user and their Jami account identity, certified by the organisation CA. */
class RegisterUserTest extends UserAccountFixture {

    @Test
    void aRegisteredUserGetsAnAccountCertificateWhoseKeyHashIsTheJamiId() {
        String caKeyId = TestPki.sha1Hex(CA.certificate().getPublicKey());
        fixture.givenNoPriorActivity()
                .when(new RegisterUserCommand("alice", "  Alice Liddell ", HASH, "local"))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(a(UserRegisteredEvent.class,
                        field("username", UserRegisteredEvent::username, equalTo("alice")),
                        field("displayName (trimmed)", UserRegisteredEvent::displayName, equalTo("Alice Liddell")),
                        field("passwordHash", UserRegisteredEvent::passwordHash, equalTo(HASH)),
                        field("source", UserRegisteredEvent::source, equalTo("local")),
                        field("jamiId", UserRegisteredEvent::jamiId, matchesPattern("[0-9a-f]{40}")),
                        where("jamiId is the SHA-1 of the certificate's SubjectPublicKeyInfo",
                                (UserRegisteredEvent e) -> e.jamiId().equals(
                                        TestPki.sha1Hex(account(e).getPublicKey()))),
                        where("the certificate is signed by the organisation CA",
                                (UserRegisteredEvent e) -> TestPki.isSignedBy(account(e),
                                        CA.certificate().getPublicKey())),
                        where("the certificate is a CA for the account's devices",
                                (UserRegisteredEvent e) -> account(e).getBasicConstraints() >= 0),
                        where("the certificate is issued by the organisation CA's subject",
                                (UserRegisteredEvent e) -> account(e).getIssuerX500Principal()
                                        .equals(CA.certificate().getSubjectX500Principal())),
                        where("the certificate names the user",
                                (UserRegisteredEvent e) -> account(e).getSubjectX500Principal().getName()
                                        .contains("CN=alice")),
                        field("accountCertificateSerial", UserRegisteredEvent::accountCertificateSerial,
                                matchesPattern("[0-9a-f]{1,40}")),
                        where("the serial is the certificate's serial",
                                (UserRegisteredEvent e) -> e.accountCertificateSerial().equals(
                                        account(e).getSerialNumber().toString(16))),
                        field("certificateNotBefore (backdated)", UserRegisteredEvent::certificateNotBefore,
                                equalTo(PKI_NOW_SECONDS.minus(LIFETIMES.backdating()))),
                        field("certificateNotAfter", UserRegisteredEvent::certificateNotAfter,
                                equalTo(PKI_NOW_SECONDS.plus(LIFETIMES.account()))),
                        where("the validity is the certificate's",
                                (UserRegisteredEvent e) -> e.certificateNotBefore().equals(
                                        account(e).getNotBefore().toInstant())
                                        && e.certificateNotAfter().equals(account(e).getNotAfter().toInstant())),
                        field("caKeyId", UserRegisteredEvent::caKeyId, equalTo(caKeyId))), andNoMore())));

        UserRegisteredEvent registered = registration("alice"); // the fixture's store now holds the new event
        Map<String, PrivateKey> sealed = vault.contents();
        assertThat(sealed).as("the account key is kept in the vault under the Jami ID")
                .containsOnlyKeys(registered.jamiId());
        assertThat(((RSAPrivateKey) sealed.get(registered.jamiId())).getModulus())
                .isEqualTo(((RSAPublicKey) account(registered).getPublicKey()).getModulus());
    }

    @Test
    void anAccountCertificateNeverOutlivesTheOrganisationCa() {
        OrganisationCa shortLivedCa = TestPki.organisationCa("CN=Short Lived CA", BigInteger.ONE,
                PKI_NOW_SECONDS.minus(Duration.ofDays(1)), PKI_NOW_SECONDS.plus(Duration.ofDays(10)));
        fixture = fixtureWith(FixedCaSource.of(shortLivedCa));
        fixture.givenNoPriorActivity()
                .when(new RegisterUserCommand("alice", "Alice", HASH, "local"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(a(UserRegisteredEvent.class,
                        field("certificateNotAfter", UserRegisteredEvent::certificateNotAfter,
                                equalTo(PKI_NOW_SECONDS.plus(Duration.ofDays(10)))),
                        field("caKeyId", UserRegisteredEvent::caKeyId,
                                equalTo(TestPki.sha1Hex(shortLivedCa.certificate().getPublicKey())))),
                        andNoMore())));
    }

    @Test
    void aDisplayNameOfExactly128CharactersIsAccepted() {
        String longest = "é".repeat(128);
        fixture.givenNoPriorActivity()
                .when(new RegisterUserCommand("alice", longest, HASH, "local"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(a(UserRegisteredEvent.class,
                        field("displayName", UserRegisteredEvent::displayName, equalTo(longest))), andNoMore())));
    }

    @Test
    void noDisplayNameIsRecordedAsEmpty() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUserCommand("alice", null, HASH, "local"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(a(UserRegisteredEvent.class,
                        field("displayName", UserRegisteredEvent::displayName, equalTo(""))), andNoMore())));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"al", "Alice", "alice smith", "alice@example.org", "a23456789012345678901234567890123"})
    void anInvalidUsernameIsRefusedAndStoresNothing(String username) {
        fixture.givenNoPriorActivity()
                .when(new RegisterUserCommand(username, "Alice", HASH, "local"))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "invalid_username"))
                .expectNoEvents();
        assertThat(vault.contents()).as("no account key is left behind").isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {" \t "})
    void aMissingPasswordIsRefusedAndStoresNothing(String passwordHash) {
        fixture.givenNoPriorActivity()
                .when(new RegisterUserCommand("alice", "Alice", passwordHash, "local"))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "missing_password"))
                .expectNoEvents();
        assertThat(vault.contents()).isEmpty();
    }

    @Test
    void aDisplayNameLongerThan128CharactersIsRefusedAndStoresNothing() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUserCommand("alice", "a".repeat(129), HASH, "local"))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "invalid_displayName"))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{index}")
    @ValueSource(strings = {"Alice\u0000Liddell", "Alice\nLiddell", "Ali\u0007ce", "Alice\u009bLiddell",
            "Alice\u007f"})
    void aDisplayNameWithControlCharactersIsRefusedAndStoresNothing(String displayName) {
        fixture.givenNoPriorActivity()
                .when(new RegisterUserCommand("alice", displayName, HASH, "local"))
                .expectException(DomainException.class)
                .expectException(refusedWith(INVALID, "invalid_displayName"))
                .expectNoEvents();
    }

    @Test
    void registeringBeforeTheOrganisationCaIsConfiguredIsRefusedAsSetupIncompleteAndStoresNothing() {
        fixture = fixtureWith(FixedCaSource.none());
        fixture.givenNoPriorActivity()
                .when(new RegisterUserCommand("alice", "Alice", HASH, "local"))
                .expectException(DomainException.class)
                .expectException(refusedWith(CONFLICT, "setup_incomplete"))
                .expectNoEvents();
        assertThat(vault.contents()).isEmpty();
    }

    private static X509Certificate account(UserRegisteredEvent event) {
        return TestPki.certificate(event.accountCertificatePem());
    }
}
