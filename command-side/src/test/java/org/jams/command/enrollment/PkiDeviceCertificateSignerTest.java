package org.jams.command.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jams.api.error.DomainException;
import org.jams.command.directory.AccountIdentity;
import org.jams.command.directory.PkiAccountIdentityIssuer;
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
import org.junit.jupiter.api.Test;

/** The device certificate signer on its own, with an account issued by the real account identity issuer. */
class PkiDeviceCertificateSignerTest {

    private static final Instant NOW = Instant.parse("2025-03-14T09:26:53.589Z");
    private static final Instant NOW_SECONDS = NOW.truncatedTo(ChronoUnit.SECONDS);
    private static final FixedLifetimes LIFETIMES = new FixedLifetimes(Duration.ofDays(90), Duration.ofDays(400),
            Duration.ofMinutes(7));
    private static final OrganisationCa CA = TestPki.organisationCa("CN=Signer Test CA", BigInteger.ONE,
            NOW_SECONDS.minus(Duration.ofDays(1)), NOW_SECONDS.plus(Duration.ofDays(1000)));
    private static final KeyPair DEVICE = TestPki.rsa(2048);

    private static KeyPairPool pool;
    private final InMemoryAccountKeyVault vault = new InMemoryAccountKeyVault();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @BeforeAll
    static void startPool() {
        pool = new KeyPairPool(2, () -> TestPki.rsa(2048));
        pool.start();
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    private AccountIdentity account(CertificateLifetimes lifetimes) {
        return new PkiAccountIdentityIssuer(pool, FixedCaSource.of(CA), vault, lifetimes, new SerialNumbers(), clock)
                .issue("alice");
    }

    private PkiDeviceCertificateSigner signer(OrganisationCaSource ca, CertificateLifetimes lifetimes) {
        return new PkiDeviceCertificateSigner(vault, ca, lifetimes, new SerialNumbers(), clock);
    }

    @Test
    void theDeviceCertificateCertifiesTheCsrKeyForTheDeviceLifetimeBackdated() {
        AccountIdentity account = account(LIFETIMES);

        SignedDeviceCertificate signed = signer(FixedCaSource.of(CA), LIFETIMES)
                .sign(account.jamiId(), account.certificatePem(), TestPki.csrPem(DEVICE));
        X509Certificate device = TestPki.certificate(signed.certificatePem());

        assertThat(signed.deviceId()).isEqualTo(TestPki.sha256Hex(DEVICE.getPublic()));
        assertThat(signed.deviceSha1Id()).isEqualTo(TestPki.sha1Hex(DEVICE.getPublic()));
        assertThat(device.getPublicKey()).isEqualTo(DEVICE.getPublic());
        assertThat(TestPki.isSignedBy(device,
                TestPki.certificate(account.certificatePem()).getPublicKey())).isTrue();
        assertThat(signed.serial()).isEqualTo(device.getSerialNumber().toString(16));
        assertThat(signed.notBefore()).isEqualTo(device.getNotBefore().toInstant())
                .isEqualTo(NOW_SECONDS.minus(LIFETIMES.backdating()));
        assertThat(signed.notAfter()).isEqualTo(device.getNotAfter().toInstant())
                .isEqualTo(NOW_SECONDS.plus(LIFETIMES.device()));
        assertThat(TestPki.certificate(signed.caCertificatePem())).isEqualTo(CA.certificate());
    }

    @Test
    void aDeviceNeverOutlivesItsAccountCertificate() {
        AccountIdentity account = account(new FixedLifetimes(LIFETIMES.device(), Duration.ofDays(10),
                LIFETIMES.backdating()));

        SignedDeviceCertificate signed = signer(FixedCaSource.of(CA), LIFETIMES)
                .sign(account.jamiId(), account.certificatePem(), TestPki.csrPem(DEVICE));

        assertThat(signed.notAfter()).isEqualTo(account.notAfter())
                .isEqualTo(TestPki.certificate(signed.certificatePem()).getNotAfter().toInstant());
    }

    @Test
    void aCsrThatIsNotPkcs10IsRefusedAsMalformed() {
        AccountIdentity account = account(LIFETIMES);

        DomainException refusal = catchThrowableOfType(DomainException.class, () -> signer(FixedCaSource.of(CA),
                LIFETIMES).sign(account.jamiId(), account.certificatePem(), TestPki.pem(CA.certificate())));

        assertThat(refusal).isNotNull();
        assertThat(refusal.kind()).isEqualTo(DomainException.Kind.INVALID);
        assertThat(refusal.code()).isEqualTo("malformed_csr");
    }
}
