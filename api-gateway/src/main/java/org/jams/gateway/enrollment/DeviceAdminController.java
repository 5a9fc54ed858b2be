package org.jams.gateway.enrollment;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.web.ApiError;
import org.jams.gateway.web.BlockingWork;
import org.jams.query.enrollment.DeviceReader.DeviceView;
import org.jams.query.enrollment.DeviceReader;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/admin/devices?expiringWithinDays=N}: the active devices whose certificates expire soon;
 * {@code ?lackingOcsp=true}: the valid ones whose certificates name no OCSP responder (issued before the server had a
 * public URL), which must enroll again for their peers to learn of a revocation.
 */
@RestController
public class DeviceAdminController {

    static final int MAX_DAYS = 3650;
    static final int MAX_DEVICES = 1000;

    private final Authenticator authenticator;
    private final BlockingWork blocking;
    private final DeviceReader devices;
    private final Clock clock;

    public DeviceAdminController(Authenticator authenticator, BlockingWork blocking, DeviceReader devices,
                                 Clock clock) {
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.devices = devices;
        this.clock = clock;
    }

    /** Soonest first, at most {@value #MAX_DEVICES}; a certificate that already expired is listed first. */
    @GetMapping(path = "/api/admin/devices", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<DeviceView>> expiring(@RequestParam(name = "expiringWithinDays", required = false)
                                           Integer days,
                                           @RequestParam(name = "lackingOcsp", required = false) Boolean lackingOcsp,
                                           ServerWebExchange exchange) {
        if (days != null && lackingOcsp != null) {
            throw ApiError.badRequest("one_filter", "Give either expiringWithinDays or lackingOcsp, not both.");
        }
        if (Boolean.TRUE.equals(lackingOcsp)) {
            return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() ->
                    devices.lackingOcsp(MAX_DEVICES)));
        }
        if (days == null) {
            throw ApiError.badRequest("missing_filter", "Give expiringWithinDays (the devices whose certificates "
                    + "expire within that many days) or lackingOcsp=true (those naming no OCSP responder).");
        }
        if (days < 0 || days > MAX_DAYS) {
            throw ApiError.badRequest("invalid_expiringWithinDays", "expiringWithinDays is between 0 and "
                    + MAX_DAYS + ".");
        }
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() ->
                devices.expiringBefore(clock.instant().plus(Duration.ofDays(days)), MAX_DEVICES)));
    }
}
