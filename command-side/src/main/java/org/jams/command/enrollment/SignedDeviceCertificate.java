package org.jams.command.enrollment;

import java.time.Instant;

/** A device certificate signed by an account key, with the CA certificate that completes its chain. */
public record SignedDeviceCertificate(String deviceId, String deviceSha1Id, String serial, Instant notBefore,
                                      Instant notAfter, String certificatePem, String caCertificatePem) {
}
