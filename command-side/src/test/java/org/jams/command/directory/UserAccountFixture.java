package org.jams.command.directory;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.command.enrollment.EnrollmentLimits;
import org.jams.command.enrollment.PkiDeviceCertificateSigner;
import org.jams.command.pki.CertificateLifetimes;
import org.jams.command.pki.KeyPairPool;
import org.jams.command.pki.OrganisationCa;
import org.jams.command.pki.OrganisationCaSource;
import org.jams.command.pki.SerialNumbers;
import org.jams.command.testing.FixedCaSource;
import org.jams.command.testing.FixedLifetimes;
import org.jams.command.testing.InMemoryAccountKeyVault;
import org.jams.command.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The user aggregate on an Axon test fixture, with the real PKI services: account identities from an RSA-2048 key
 * pool, an in-memory key vault, a fixed CA, fixed lifetimes and a fixed clock.
 */
abstract class UserAccountFixture {

    /** The PKI's clock, with a sub-second part: certificates carry whole seconds. */
    static final Instant PKI_NOW = Instant.parse("2025-03-14T09:26:53.589Z");
    static final Instant PKI_NOW_SECONDS = PKI_NOW.truncatedTo(ChronoUnit.SECONDS);
    /** The fixture's event clock, distinct from the PKI's, so each time in an event shows where it came from. */
    static final Instant EVENT_TIME = Instant.parse("2025-03-14T10:00:00.123Z");
    static final FixedLifetimes LIFETIMES = new FixedLifetimes(Duration.ofDays(90), Duration.ofDays(400),
            Duration.ofMinutes(7));

    static final String HASH = "{bcrypt}$2a$10$abcdefghijklmnopqrstuu5Xy9FQ3aMZu1b2c3d4e5f6g7h8i9j0k";

    static final OrganisationCa CA = TestPki.organisationCa("CN=User Tests CA,O=JAMS Tests",
            new BigInteger("c0ffee", 16), PKI_NOW_SECONDS.minus(Duration.ofDays(30)),
            PKI_NOW_SECONDS.plus(Duration.ofDays(3650)));
    static final EnrollmentLimits NO_ENROLLMENT_LIMIT = new EnrollmentLimits(0, Duration.ofHours(1));
    static final KeyPair DEVICE_KEY = TestPki.rsa(2048);
    static final KeyPair OTHER_DEVICE_KEY = TestPki.rsa(2048);

    private static KeyPairPool accountKeys;

    AggregateTestFixture<UserAccount> fixture;
    InMemoryAccountKeyVault vault;

    @BeforeAll
    static void startKeyPool() {
        accountKeys = new KeyPairPool(4, () -> TestPki.rsa(2048));
        accountKeys.start();
    }

    @AfterAll
    static void stopKeyPool() {
        accountKeys.close();
    }

    @BeforeEach
    void newFixture() {
        fixture = fixtureWith(FixedCaSource.of(CA));
    }

    AggregateTestFixture<UserAccount> fixtureWith(OrganisationCaSource caSource) {
        return fixtureWith(caSource, LIFETIMES);
    }

    AggregateTestFixture<UserAccount> fixtureWith(OrganisationCaSource caSource, CertificateLifetimes lifetimes) {
        return fixtureWith(caSource, lifetimes, NO_ENROLLMENT_LIMIT);
    }

    AggregateTestFixture<UserAccount> fixtureWith(OrganisationCaSource caSource, CertificateLifetimes lifetimes,
                                                  EnrollmentLimits limits) {
        vault = new InMemoryAccountKeyVault();
        Clock clock = Clock.fixed(PKI_NOW, ZoneOffset.UTC);
        AggregateTestFixture<UserAccount> created = new AggregateTestFixture<>(UserAccount.class);
        // The fixture re-sources the aggregate after each command and compares every field with equals().
        // UserAccount.DeviceState has identity equality, so the devices map can never compare equal: leave that
        // one field out; all other fields (identity, revoked flag, sync lists) are still compared.
        created.registerIgnoredField(UserAccount.class, "devices");
        created.registerInjectableResource(new PkiAccountIdentityIssuer(accountKeys, caSource, vault, lifetimes,
                new SerialNumbers(), clock));
        created.registerInjectableResource(new PkiDeviceCertificateSigner(vault, caSource, lifetimes,
                new SerialNumbers(), clock));
        created.registerInjectableResource(limits);
        return created;
    }

    /** The events of a user's stream so far (the given ones, once the given phase has run). */
    List<Object> storedPayloads(String username) {
        return fixture.getEventStore().readEvents(username).asStream().map(Message::getPayload)
                .map(Object.class::cast).toList();
    }

    <T> List<T> stored(String username, Class<T> type) {
        return storedPayloads(username).stream().filter(type::isInstance).map(type::cast).toList();
    }

    UserRegisteredEvent registration(String username) {
        List<UserRegisteredEvent> registrations = stored(username, UserRegisteredEvent.class);
        if (registrations.size() != 1) {
            throw new AssertionError("expected one registration of " + username + ", found " + registrations);
        }
        return registrations.get(0);
    }

    /** A registration whose certificate is never parsed: enough for commands that do not sign anything. */
    static UserRegisteredEvent registeredWithoutPki(String username, String jamiId) {
        return new UserRegisteredEvent(username, "Alice", HASH, "local", jamiId, "-----BEGIN CERTIFICATE-----",
                "a11ce", PKI_NOW_SECONDS, PKI_NOW_SECONDS.plus(Duration.ofDays(400)), "ca-key-id");
    }
}
