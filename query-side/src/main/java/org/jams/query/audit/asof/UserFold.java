package org.jams.query.audit.asof;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.CRLReason;
import org.jams.api.directory.DirectoryEvents.DirectoryProfileChangedEvent;
import org.jams.api.directory.DirectoryEvents.UserDisabledEvent;
import org.jams.api.directory.DirectoryEvents.UserEnabledEvent;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.enrollment.EnrollmentEvents.DeviceCertificateIssuedEvent;
import org.jams.api.revocation.RevocationEvents.DeviceCertificatesSupersededEvent;
import org.jams.api.revocation.RevocationEvents.DeviceRevokedEvent;
import org.jams.api.revocation.RevocationEvents.UserRevokedEvent;
import org.jams.command.revocation.DeterministicCrl;
import org.jams.query.policy.EffectiveSettings;

/**
 * A user's identity, devices and certificates, folded event by event as they stood at a moment: events up to it are
 * {@link #apply applied}, later ones only tell what is {@link #later still to come}. The rules of the user aggregate
 * ({@code UserAccount}) that decide identity, devices, serials and revocations are the same here; a test folds every
 * event type of the user's stream through both and compares.
 */
final class UserFold {

    boolean everRegistered;
    UserRegisteredEvent registered;
    Instant registeredAt;
    UserRevokedEvent revoked;
    /** Set while the person is disabled (by the directory's synchronisation), cleared when enabled again. */
    UserDisabledEvent disabled;
    /** The name the directory gave last, which replaces the one given at registration. */
    String displayName;
    /** The groups the directory listed the person in last (DNs). */
    List<String> directoryGroups = List.of();
    final Map<String, DeviceFold> devices = new LinkedHashMap<>();
    final Map<String, Instant> enrolledLater = new LinkedHashMap<>();
    int folded;
    Long lastSequence;

    void apply(Object payload, Instant time, long globalIndex) {
        folded++;
        lastSequence = lastSequence == null ? globalIndex : Math.max(lastSequence, globalIndex);
        if (payload instanceof UserRegisteredEvent event) {
            everRegistered = true;
            registered = event;
            registeredAt = time;
            displayName = event.displayName();
        } else if (payload instanceof UserRevokedEvent event) {
            revoked = event;
        } else if (payload instanceof UserDisabledEvent event) {
            disabled = event;
        } else if (payload instanceof UserEnabledEvent) {
            disabled = null;
        } else if (payload instanceof DirectoryProfileChangedEvent event) {
            displayName = event.displayName();
            directoryGroups = event.groups();
        } else if (payload instanceof DeviceCertificateIssuedEvent event) {
            DeviceFold device = devices.computeIfAbsent(event.deviceId(), id -> new DeviceFold());
            device.serials.add(event.serial());
            device.valid.values().removeIf(notAfter -> !notAfter.isAfter(time));
            device.valid.put(event.serial(), event.notAfter());
            device.newest = event;
            device.enrolledAt = device.enrolledAt == null ? time : device.enrolledAt;
        } else if (payload instanceof DeviceCertificatesSupersededEvent event) {
            DeviceFold device = devices.get(event.deviceId());
            if (device != null) {
                event.serials().forEach(device.valid::remove);
                device.superseded.add(event);
            }
        } else if (payload instanceof DeviceRevokedEvent event) {
            DeviceFold device = devices.get(event.deviceId());
            if (device != null) {
                device.revocation = event;
            }
        }
    }

    void later(Object payload, Instant time) {
        if (payload instanceof UserRegisteredEvent) {
            everRegistered = true;
        } else if (payload instanceof DeviceCertificateIssuedEvent event) {
            enrolledLater.putIfAbsent(event.deviceId(), time);
        }
    }

    List<DeterministicCrl.Revoked> revokedDeviceCertificates(String issuerKeyId) {
        List<DeterministicCrl.Revoked> revokedCertificates = new ArrayList<>();
        for (DeviceFold device : devices.values()) {
            for (DeviceCertificatesSupersededEvent superseded : device.superseded) {
                if (issuerKeyId.equals(superseded.issuerKeyId())) {
                    for (int i = 0; i < superseded.serials().size(); i++) {
                        revokedCertificates.add(new DeterministicCrl.Revoked(new BigInteger(superseded.serials()
                                .get(i), 16), superseded.supersededAt(), CRLReason.superseded,
                                notAfter(superseded.notAfters(), i)));
                    }
                }
            }
            if (device.revocation != null && issuerKeyId.equals(device.revocation.issuerKeyId())) {
                List<String> serials = device.revocation.serials();
                for (int i = 0; i < serials.size(); i++) {
                    revokedCertificates.add(new DeterministicCrl.Revoked(new BigInteger(serials.get(i), 16),
                            device.revocation.revokedAt(), null, notAfter(device.revocation.notAfters(), i)));
                }
            }
        }
        return revokedCertificates;
    }

    /** As the revocations read model has it: null (listed for ever) for events stored before they said. */
    private static Instant notAfter(List<Instant> notAfters, int i) {
        return notAfters == null || i >= notAfters.size() ? null : notAfters.get(i);
    }

    UserAsOf result(String username, Instant at, EffectiveSettings settings) {
        List<UserAsOf.Device> shown = new ArrayList<>();
        if (registered == null) {
            enrolledLater.forEach((id, when) -> shown.add(notYetEnrolled(id, when)));
            return new UserAsOf(username, at, false, "NOT_REGISTERED", null, null, null, null, null, null, null,
                    null, null, EffectiveSettings.NONE, null, shown, List.of(), folded, lastSequence);
        }
        String certificateStatus = revoked != null ? "REVOKED"
                : validity(at, registered.certificateNotBefore(), registered.certificateNotAfter());
        String status = revoked != null ? "REVOKED" : disabled != null ? "DISABLED"
                : "EXPIRED".equals(certificateStatus) ? "EXPIRED" : "ACTIVE";
        List<String> valid = new ArrayList<>();
        devices.forEach((id, device) -> {
            DeviceCertificateIssuedEvent newest = device.newest;
            String deviceStatus = device.revocation != null ? "REVOKED"
                    : validity(at, newest.notBefore(), newest.notAfter());
            if ("VALID".equals(deviceStatus)) {
                deviceStatus = "ACTIVE";
                if ("ACTIVE".equals(status)) {
                    valid.add(id);
                }
            }
            shown.add(new UserAsOf.Device(id, newest.deviceSha1Id(), newest.deviceName(), deviceStatus,
                    newest.serial(), List.copyOf(device.serials), device.enrolledAt, newest.notBefore(),
                    newest.notAfter(), device.revocation == null ? null : device.revocation.revokedAt(),
                    device.revocation == null ? null : device.revocation.reason()));
        });
        enrolledLater.forEach((id, when) -> {
            if (!devices.containsKey(id)) {
                shown.add(notYetEnrolled(id, when));
            }
        });
        return new UserAsOf(username, at, true, status, displayName, registered.jamiId(),
                registered.source(), registeredAt, revoked == null ? null : revoked.revokedAt(),
                revoked == null ? null : revoked.reason(), revoked == null ? null : revoked.actor(),
                disabled == null ? null : disabled.disabledAt(), disabled == null ? null : disabled.reason(),
                settings,
                new UserAsOf.AccountCertificate(registered.accountCertificateSerial(), registered.caKeyId(),
                        registered.certificateNotBefore(), registered.certificateNotAfter(), certificateStatus),
                shown, valid, folded, lastSequence);
    }

    private static UserAsOf.Device notYetEnrolled(String deviceId, Instant enrolledAt) {
        return new UserAsOf.Device(deviceId, null, null, "NOT_YET_ENROLLED", null, List.of(), enrolledAt, null,
                null, null, null);
    }

    private static String validity(Instant at, Instant notBefore, Instant notAfter) {
        if (notBefore != null && at.isBefore(notBefore)) {
            return "NOT_YET_VALID";
        }
        if (notAfter != null && at.isAfter(notAfter)) {
            return "EXPIRED";
        }
        return "VALID";
    }

    /**
     * The serials of a device's certificates that a revocation would list, by the aggregate's rule: neither superseded
     * nor expired when the device last renewed.
     */
    List<String> validSerials(String deviceId) {
        DeviceFold device = devices.get(deviceId);
        return device == null ? List.of() : List.copyOf(device.valid.keySet());
    }

    private static final class DeviceFold {
        final List<String> serials = new ArrayList<>();
        /** Valid serials and when each expires, oldest first. */
        final Map<String, Instant> valid = new LinkedHashMap<>();
        final List<DeviceCertificatesSupersededEvent> superseded = new ArrayList<>();
        DeviceCertificateIssuedEvent newest;
        Instant enrolledAt;
        DeviceRevokedEvent revocation;
    }
}
