package org.jams.query.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.revocation.RevocationEvents.DeviceCertificatesSupersededEvent;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;
import org.jams.command.pki.Pem;

/**
 * Event records as the user aggregate stores them, with ids of the stored widths (Jami IDs and key ids 40 hex digits,
 * device ids 64) derived from readable names, so tests say {@code "alice"} and {@code "phone"}.
 */
public final class SampleEvents {

    /** A moment the sample histories start from (whole milliseconds, as the store keeps times). */
    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    public static final String CA_KEY_ID = hex("organisation-ca", 40);
    public static final Duration DEVICE_LIFETIME = Duration.ofDays(365);

    /**
     * One real certificate stands for every sample account's (the users projection reads its key), so that sample
     * histories need no key generation per person.
     */
    public static final String ACCOUNT_CERTIFICATE_PEM = sampleCertificate();

    private SampleEvents() {
    }

    private static String sampleCertificate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair key = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=sample account");
            X509CertificateHolder certificate = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                    Date.from(T0), Date.from(T0.plus(Duration.ofDays(3650))), subject, key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate()));
            return Pem.encodeCertificate(certificate.getEncoded());
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("No sample certificate", e);
        }
    }

    /** {@code length} lower-case hex digits derived from {@code seed}: the same seed, the same id. */
    public static String hex(String seed, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder hex = new StringBuilder();
            for (int round = 0; hex.length() < length; round++) {
                hex.append(HexFormat.of().formatHex(sha.digest((round + ":" + seed).getBytes(StandardCharsets.UTF_8))));
            }
            return hex.substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String jamiId(String username) {
        return hex("jami:" + username, 40);
    }

    public static String deviceId(String deviceKey) {
        return hex("device:" + deviceKey, 64);
    }

    public static UserRegisteredEvent registered(String username, String displayName) {
        return new UserRegisteredEvent(username, displayName, "$argon2id$hash-of-" + username, "local",
                jamiId(username), ACCOUNT_CERTIFICATE_PEM,
                hex("account-serial:" + username, 16), T0, T0.plus(Duration.ofDays(3650)), CA_KEY_ID);
    }

    /** A certificate for the device key {@code deviceKey} of {@code username}, valid from {@code at}. */
    public static DeviceCertificateIssuedEvent issued(String username, String deviceKey, String deviceName,
                                                      String serial, Instant at) {
        return new DeviceCertificateIssuedEvent(username, deviceId(deviceKey), hex("sha1:" + deviceKey, 40),
                deviceName, serial, at, at.plus(DEVICE_LIFETIME), "PEM of " + serial, jamiId(username),
                "192.0.2.7", "jami-client/1.0");
    }

    public static DeviceRevokedEvent deviceRevoked(String username, String deviceKey, List<String> serials,
                                                   String reason, Instant at) {
        return new DeviceRevokedEvent(username, deviceId(deviceKey), serials, jamiId(username), reason,
                "admin:root", at);
    }

    /** A renewal (the certificate supersededBy) superseded the device key's older certificates. */
    public static DeviceCertificatesSupersededEvent superseded(String username, String deviceKey, List<String> serials,
                                                               String supersededBy, Instant at) {
        return new DeviceCertificatesSupersededEvent(username, deviceId(deviceKey), serials, jamiId(username),
                supersededBy, at);
    }

    public static UserRevokedEvent userRevoked(UserRegisteredEvent user, String reason, Instant at) {
        return new UserRevokedEvent(user.username(), user.jamiId(), user.accountCertificateSerial(), user.caKeyId(),
                reason, "admin:root", at);
    }

    /** {@code T0} plus some minutes. */
    public static Instant minutes(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }
}
