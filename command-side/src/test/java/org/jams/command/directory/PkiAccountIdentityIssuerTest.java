package org.jams.command.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jams.api.error.DomainException;
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
import org.junit.jupiter.api.Test;

/** The account identity issuer on its own: what it certifies, for how long, and what it keeps. */
class PkiAccountIdentityIssuerTest {

    private static final Instant NOW = Instant.parse("2025-03-14T09:26:53.589Z");
    private static final Instant NOW_SECONDS = NOW.truncatedTo(ChronoUnit.SECONDS);
    private static final FixedLifetimes LIFETIMES = new FixedLifetimes(Duration.ofDays(90), Duration.ofDays(400),
            Duration.ofMinutes(7));
    private static final OrganisationCa CA = TestPki.organisationCa("CN=Issuer Test CA", BigInteger.ONE,
            NOW_SECONDS.minus(Duration.ofDays(1)), NOW_SECONDS.plus(Duration.ofDays(1000)));

    private static KeyPairPool pool;
    private final InMemoryAccountKeyVault vault = new InMemoryAccountKeyVault();

    @BeforeAll
    static void startPool() {
        pool = new KeyPairPool(2, () -> TestPki.rsa(2048));
        pool.start();
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    private PkiAccountIdentityIssuer issuer(OrganisationCaSource ca, Instant now) {
        return new PkiAccountIdentityIssuer(pool, ca, vault, LIFETIMES, new SerialNumbers(),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void theRecordedValidityIsExactlyTheCertificatesEvenWhenTheClockHasFractionsOfASecond() {
        AccountIdentity identity = issuer(FixedCaSource.of(CA), NOW).issue("alice");
        X509Certificate certificate = TestPki.certificate(identity.certificatePem());

        assertThat(identity.notBefore()).isEqualTo(certificate.getNotBefore().toInstant())
                .isEqualTo(NOW_SECONDS.minus(LIFETIMES.backdating()));
        assertThat(identity.notAfter()).isEqualTo(certificate.getNotAfter().toInstant())
                .isEqualTo(NOW_SECONDS.plus(LIFETIMES.account()));
    }

    @Test
    void theIdentityIsTheAccountKeysSha1AndItsPrivateKeyIsKeptInTheVault() {
        AccountIdentity identity = issuer(FixedCaSource.of(CA), NOW).issue("alice");
        X509Certificate certificate = TestPki.certificate(identity.certificatePem());

        assertThat(identity.jamiId()).isEqualTo(TestPki.sha1Hex(certificate.getPublicKey()));
        assertThat(identity.serial()).isEqualTo(certificate.getSerialNumber().toString(16));
        assertThat(identity.caKeyId()).isEqualTo(TestPki.sha1Hex(CA.certificate().getPublicKey()));
        assertThat(TestPki.isSignedBy(certificate, CA.certificate().getPublicKey())).isTrue();
        assertThat(vault.contents()).containsOnlyKeys(identity.jamiId());
    }

    @Test
    void anAccountNeverOutlivesItsCa() {
        OrganisationCa expiring = TestPki.organisationCa("CN=Expiring CA", BigInteger.TWO,
                NOW_SECONDS.minus(Duration.ofDays(1)), NOW_SECONDS.plus(Duration.ofDays(3)));

        AccountIdentity identity = issuer(FixedCaSource.of(expiring), NOW).issue("alice");

        assertThat(identity.notAfter()).isEqualTo(NOW_SECONDS.plus(Duration.ofDays(3)))
                .isEqualTo(TestPki.certificate(identity.certificatePem()).getNotAfter().toInstant());
    }

    @Test
    void withoutACaTheIssuerRefusesAsSetupIncompleteAndKeepsNoKey() {
        DomainException refusal = catchThrowableOfType(DomainException.class,
                () -> issuer(FixedCaSource.none(), NOW).issue("alice"));

        assertThat(refusal).isNotNull();
        assertThat(refusal.kind()).isEqualTo(DomainException.Kind.CONFLICT);
        assertThat(refusal.code()).isEqualTo("setup_incomplete");
        assertThat(vault.contents()).isEmpty();
    }
}
