package org.jams.api.enrollment;

/** The result of SignDeviceCsr, returned only after the issuing event is stored. */
public record DeviceEnrollment(String username, String deviceId, String deviceSha1Id, String serial,
                               String deviceCertificatePem, String accountCertificatePem, String caCertificatePem,
                               String jamiId) {
}
