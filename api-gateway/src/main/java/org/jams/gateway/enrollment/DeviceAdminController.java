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

/** {@code GET /api/admin/devices?expiringWithinDays=N}: the active devices whose certificates expire soon. */
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
                                           Integer days, ServerWebExchange exchange) {
        if (days == null) {
            throw ApiError.badRequest("missing_expiringWithinDays", "Give expiringWithinDays: the devices whose "
                    + "certificates expire within that many days are listed.");
        }
        if (days < 0 || days > MAX_DAYS) {
            throw ApiError.badRequest("invalid_expiringWithinDays", "expiringWithinDays is between 0 and "
                    + MAX_DAYS + ".");
        }
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() ->
                devices.expiringBefore(clock.instant().plus(Duration.ofDays(days)), MAX_DEVICES)));
    }
}
