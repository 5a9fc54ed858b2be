package org.jams.gateway.enrollment;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.jams.api.enrollment.DeviceEnrollment;
import org.jams.command.jami.DeviceReceipt;
import org.jams.command.jami.EnrollmentResponse;
import org.jams.command.jami.SignedReceipt;
import org.jams.command.pki.AccountKeyVault;
import org.jams.command.pki.Pem;
import org.springframework.stereotype.Component;

/**
 * Builds what the Jami client expects back from enrollment: the chain, and the receipt and announce signed by the
 * account key, which never leaves the server. Blocking (two RSA signatures).
 */
@Component
public class EnrollmentResponder {

    static final String NAME_SERVER = "/api/nameserver";

    private final AccountKeyVault vault;

    public EnrollmentResponder(AccountKeyVault vault) {
        this.vault = vault;
    }

    /**
     * The answer a device enrolls with: the blueprints' settings, then the enrollment's own keys, which no setting
     * replaces.
     *
     * @param photo the person's photo (base64) from the directory, or null
     */
    public Map<String, String> respond(DeviceEnrollment enrollment, String displayName, String photo,
                                       Map<String, String> settings) {
        X509Certificate account = Pem.parseCertificate(enrollment.accountCertificatePem());
        X509Certificate device = Pem.parseCertificate(enrollment.deviceCertificatePem());
        KeyPair accountKeys = new KeyPair(account.getPublicKey(), vault.load(enrollment.jamiId()));
        SignedReceipt receipt = DeviceReceipt.issue(accountKeys, device.getPublicKey());
        Map<String, String> answer = new java.util.LinkedHashMap<>(settings);
        answer.putAll(new EnrollmentResponse(enrollment.deviceCertificatePem(), enrollment.accountCertificatePem(),
                enrollment.caCertificatePem(), receipt, NAME_SERVER, displayName, photo).toMap());
        return answer;
    }
}
