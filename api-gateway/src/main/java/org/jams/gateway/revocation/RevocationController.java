package org.jams.gateway.revocation;

import java.util.List;
import java.util.Map;
import org.jams.api.revocation.RevocationCommands.RevokeDeviceCommand;
import org.jams.api.revocation.RevocationCommands.RevokeUserCommand;
import org.jams.command.directory.Usernames;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.auth.Caller;
import org.jams.gateway.axon.Commands;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.query.directory.UserReader.UserView;
import org.jams.query.directory.UserReader;
import org.jams.query.enrollment.DeviceReader.DeviceView;
import org.jams.query.enrollment.DeviceReader;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Revocation: a person revokes one of their devices; an admin revokes any device, or a user and all their devices. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
public class RevocationController {

    private final Authenticator authenticator;
    private final Commands commands;
    private final BlockingWork blocking;
    private final UserReader users;
    private final DeviceReader devices;
    private final CrlPublisher crls;
    private final RevocationNotices notices;

    public RevocationController(Authenticator authenticator, Commands commands, BlockingWork blocking,
                                UserReader users, DeviceReader devices, CrlPublisher crls,
                                RevocationNotices notices) {
        this.crls = crls;
        this.notices = notices;
        this.authenticator = authenticator;
        this.commands = commands;
        this.blocking = blocking;
        this.users = users;
        this.devices = devices;
    }

    /** A person revokes one of their own devices (USER token); another user's device is simply not found. */
    @DeleteMapping("/api/auth/device/{deviceId}")
    public Mono<Map<String, Object>> revokeOwnDevice(@PathVariable String deviceId, ServerWebExchange exchange) {
        return authenticator.requireUser(exchange).flatMap(caller -> blocking.call(() -> {
            String id = resolveOwnDevice(caller, deviceId);
            return id;
        }).flatMap(id -> commands.run(new RevokeDeviceCommand(caller.subject(), id, "revoked by its owner",
                caller.actor()), caller, exchange).doOnSuccess(done -> publishCrlOf(caller.subject())).thenReturn(
                Map.<String, Object>of("deviceId", id, "status", "REVOKED"))));
    }

    @DeleteMapping("/api/admin/users/{username}")
    public Mono<UserView> revokeUser(@PathVariable String username,
                                     @RequestParam(name = "reason", required = false) String reason,
                                     ServerWebExchange exchange) {
        return authenticator.requireAdmin(exchange).flatMap(caller -> blocking.call(() -> requireUser(username))
                .flatMap(user -> commands.run(new RevokeUserCommand(user.username(), reason, caller.actor()),
                        caller, exchange).doOnSuccess(done -> {
                            notices.tellLocally();
                            blocking.run(() -> crls.refreshAfterUserRevocation(user.jamiId())).subscribe();
                        })
                        .then(blocking.call(() -> requireUser(username)))));
    }

    @DeleteMapping("/api/admin/devices/{deviceId}")
    public Mono<Map<String, Object>> revokeDevice(@PathVariable String deviceId,
                                                  @RequestParam(name = "reason", required = false) String reason,
                                                  ServerWebExchange exchange) {
        if (!deviceId.matches("[0-9a-f]{64}")) {
            throw ApiError.badRequest("invalid_device_id",
                    "A device id is the 64 lower-case hex digits of the SHA-256 of the device key.");
        }
        return authenticator.requireAdmin(exchange).flatMap(caller -> blocking.call(() -> {
            List<DeviceView> found = devices.byDeviceId(deviceId);
            if (found.isEmpty()) {
                throw ApiError.notFound("device_not_found", "No device has the id " + deviceId + ".");
            }
            if (found.size() > 1) {
                throw ApiError.conflict("ambiguous_device", "Several users enrolled this device key; revoke it "
                        + "through each user.");
            }
            return found.get(0);
        }).flatMap(device -> commands.run(new RevokeDeviceCommand(device.username(), deviceId, reason,
                caller.actor()), caller, exchange)
                .doOnSuccess(done -> publishCrlOf(device.username()))
                .then(blocking.call(() -> Map.<String, Object>of("deviceId", deviceId, "username", device.username(),
                        "status", devices.byDeviceId(deviceId).get(0).status())))));
    }

    /**
     * Tells this node's OCSP answers at once, and publishes the account's new CRL in the background, so a revocation takes as long with 100,000 certificates
     * revoked as with none; a fetch meanwhile builds the same CRL (a failure to publish is logged).
     */
    private void publishCrlOf(String username) {
        notices.tellLocally();
        blocking.run(() -> users.find(username).map(UserView::jamiId).ifPresent(crls::refresh)).subscribe();
    }

    private String resolveOwnDevice(Caller caller, String deviceId) {
        String id = deviceId == null ? "" : deviceId.toLowerCase();
        var own = devices.devicesOf(caller.subject());
        // The client passes the 64-hex SHA-256 id; the 40-hex SHA-1 form is accepted too.
        return own.stream().filter(d -> d.deviceId().equals(id) || d.deviceSha1Id().equals(id))
                .map(DeviceReader.DeviceView::deviceId).findFirst()
                .orElseThrow(() -> ApiError.notFound("device_not_found", "You have no device " + deviceId + "."));
    }

    private UserView requireUser(String username) {
        return users.find(Usernames.canonical(username)).orElseThrow(() -> ApiError.notFound("user_not_found",
                "No user named " + username + "."));
    }
}
