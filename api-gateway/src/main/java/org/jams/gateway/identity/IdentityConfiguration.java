package org.jams.gateway.identity;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jams.command.directory.AccountIdentityIssuer;
import org.jams.command.directory.PkiAccountIdentityIssuer;
import org.jams.command.enrollment.DeviceCertificateSigner;
import org.jams.command.enrollment.EnrollmentLimits;
import org.jams.command.enrollment.PkiDeviceCertificateSigner;
import org.jams.command.pki.AccountKeyVault;
import org.jams.command.pki.CertificateLifetimes;
import org.jams.command.pki.CertificateLocations;
import org.jams.command.pki.KeyPairPool;
import org.jams.command.pki.OrganisationCa;
import org.jams.command.pki.OrganisationCaSource;
import org.jams.command.pki.Pem;
import org.jams.command.pki.RsaKeyPairs;
import org.jams.command.pki.SerialNumbers;
import org.jams.command.setup.OrganisationCaInspector;
import org.jams.command.setup.PemOrganisationCaInspector;
import org.jams.gateway.keys.KeyEncryptionKey;
import org.jams.gateway.keys.OrganisationCaKeyFiles;
import org.jams.gateway.keys.SealedAccountKeyVault;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the PKI domain services to this server's key storage and settings. */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Path jamsHome(@Value("${jams.home:./jams}") String home) {
        return Path.of(home).toAbsolutePath();
    }

    @Bean
    SerialNumbers serialNumbers() {
        return new SerialNumbers();
    }

    /** RSA-4096 generation costs about a second of CPU: keys are made ahead, off any request thread. */
    @Bean(initMethod = "start", destroyMethod = "close")
    KeyPairPool accountKeyPairPool(@Value("${jams.keys.pool-size:4}") int capacity) {
        return new KeyPairPool(capacity, RsaKeyPairs::generate4096);
    }

    /** Registered on the command bus itself, so every sender of a registration passes it (see the class). */
    @Bean
    SmartInitializingSingleton accountKeysBeforeRegistration(CommandBus commandBus, KeyPairPool pool) {
        return () -> commandBus.registerDispatchInterceptor(new AccountKeysBeforeRegistration(pool));
    }

    @Bean
    KeyEncryptionKey keyEncryptionKey(Path jamsHome) throws IOException {
        return KeyEncryptionKey.loadOrCreate(jamsHome);
    }

    /** {@code jams.keys.open-account-keys} [2000]: how many people's opened account keys stay in memory. */
    @Bean
    AccountKeyVault accountKeyVault(JdbcTemplate jdbc, KeyEncryptionKey keyEncryptionKey,
                                    @Value("${jams.keys.open-account-keys:2000}") int openKeys) {
        return new SealedAccountKeyVault(jdbc, keyEncryptionKey, openKeys);
    }

    @Bean
    OrganisationCaKeyFiles organisationCaKeyFiles(Path jamsHome) {
        return new OrganisationCaKeyFiles(jamsHome);
    }

    /** Setup changes made on another node reach this one's certificates within this time. */
    @Bean
    IssuingSetupSource issuingSetupSource(EventStore eventStore,
                                          @Value("${jams.setup.max-age:1s}") Duration maxAge) {
        return new IssuingSetupSource(eventStore, maxAge);
    }

    @Bean
    OrganisationCaSource organisationCaSource(IssuingSetupSource setup, OrganisationCaKeyFiles keyFiles) {
        // A CA never changes for its key id: its key is read from its file once.
        ConcurrentMap<String, OrganisationCa> loaded = new ConcurrentHashMap<>();
        return () -> setup.current().ca().map(ca -> loaded.computeIfAbsent(ca.caKeyId(),
                id -> new OrganisationCa(Pem.parseCertificate(ca.certificatePem()), keyFiles.load(id))));
    }

    @Bean
    CertificateLifetimes certificateLifetimes(IssuingSetupSource setup) {
        return new CertificateLifetimes() {
            @Override
            public Duration device() {
                return Duration.ofDays(setup.current().deviceLifetimeDays());
            }

            @Override
            public Duration account() {
                return Duration.ofDays(setup.current().userLifetimeDays());
            }

            @Override
            public Duration backdating() {
                return Duration.ofMinutes(5);
            }
        };
    }

    /** The OCSP responder and the CRLs are under the public URL ({@code /api/ocsp}, {@code /api/crl/…}). */
    @Bean
    CertificateLocations certificateLocations(IssuingSetupSource setup) {
        return () -> Optional.of(setup.current().publicUrl()).filter(url -> !url.isEmpty());
    }

    @Bean
    AccountIdentityIssuer accountIdentityIssuer(KeyPairPool pool, OrganisationCaSource ca, AccountKeyVault vault,
                                                CertificateLifetimes lifetimes, CertificateLocations locations,
                                                SerialNumbers serials, Clock clock) {
        return new PkiAccountIdentityIssuer(pool, ca, vault, lifetimes, locations, serials, clock);
    }

    @Bean
    DeviceCertificateSigner deviceCertificateSigner(AccountKeyVault vault, OrganisationCaSource ca,
                                                    CertificateLifetimes lifetimes, CertificateLocations locations,
                                                    SerialNumbers serials, Clock clock) {
        return new PkiDeviceCertificateSigner(vault, ca, lifetimes, locations, serials, clock);
    }

    /**
     * {@code jams.enrollment.per-person.max-per-window} [20] enrollments per person within
     * {@code jams.enrollment.per-person.window} [1h]; 0 turns the limit off.
     */
    @Bean
    EnrollmentLimits enrollmentLimits(@Value("${jams.enrollment.per-person.max-per-window:20}") int maxPerWindow,
                                      @Value("${jams.enrollment.per-person.window:1h}") Duration window) {
        return new EnrollmentLimits(maxPerWindow, window);
    }

    @Bean
    OrganisationCaInspector organisationCaInspector() {
        return new PemOrganisationCaInspector();
    }
}
