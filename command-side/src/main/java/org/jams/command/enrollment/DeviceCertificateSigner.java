package org.jams.command.enrollment;

/**
 * Signs a device's CSR with the user's account key. Refuses malformed CSRs, bad signatures and weak keys with an
 * INVALID {@link org.jams.api.error.DomainException}.
 */
public interface DeviceCertificateSigner {
    SignedDeviceCertificate sign(String jamiId, String accountCertificatePem, String csrPem);
}
