package org.jams.gateway.access;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.jams.command.pki.KeyIds;
import org.jams.command.pki.Pem;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.auth.Scope;
import org.jams.query.directory.UserReader;
import org.jams.query.enrollment.DeviceReader.DeviceView;
import org.jams.query.enrollment.DeviceReader;
import org.springframework.stereotype.Component;

/**
 * Identifies a device from the leaf certificate it presented: the key must be an enrolled, unrevoked device of an
 * active user, and the certificate must be signed by that user's account key and valid now.
 */
@Component
public class DeviceLogin {

    /** The outcome: a DEVICE caller, or the reason for a refusal. */
    public record Result(Optional<Caller> caller, String deviceId, String serial, String refusal) {
    }

    private final DeviceReader devices;
    private final UserReader users;
    private final Clock clock;

    public DeviceLogin(DeviceReader devices, UserReader users, Clock clock) {
        this.devices = devices;
        this.users = users;
        this.clock = clock;
    }

    public Result identify(X509Certificate leaf) {
        String deviceId = KeyIds.sha256Id(leaf.getPublicKey());
        String serial = leaf.getSerialNumber().toString(16);
        List<DeviceView> enrolled = devices.byDeviceId(deviceId);
        if (enrolled.isEmpty()) {
            return refused(deviceId, serial, "unknown_device");
        }
        // An expired device is told apart below, by its certificate's validity.
        Optional<DeviceView> active = enrolled.stream().filter(d -> !"REVOKED".equals(d.status())).findFirst();
        if (active.isEmpty()) {
            return refused(deviceId, serial, "revoked_device");
        }
        DeviceView device = active.get();
        var found = users.find(device.username());
        var user = found.filter(u -> "ACTIVE".equals(u.status()));
        if (user.isEmpty()) {
            boolean disabled = found.filter(u -> "DISABLED".equals(u.status())).isPresent();
            return refused(deviceId, serial, disabled ? "disabled_user" : "revoked_user");
        }
        try {
            X509Certificate account = Pem.parseCertificate(user.get().accountCertificatePem());
            leaf.verify(account.getPublicKey());
            leaf.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return refused(deviceId, serial, "expired_certificate");
        } catch (GeneralSecurityException e) {
            return refused(deviceId, serial, "foreign_certificate");
        }
        return new Result(Optional.of(new Caller(device.username(), Scope.DEVICE, "client-certificate", deviceId)),
                deviceId, serial, null);
    }

    private static Result refused(String deviceId, String serial, String reason) {
        return new Result(Optional.empty(), deviceId, serial, reason);
    }
}
