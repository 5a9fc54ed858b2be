package org.jams.gateway.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jams.gateway.auth.Authenticator;
import org.jams.gateway.web.BlockingWork;
import org.jams.query.audit.ActivityReader;
import org.jams.query.enrollment.DeviceReader;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/admin/overview} (admins and auditors): what the dashboard shows at a glance. People and devices by
 * status and the history chain's heads come from the figures the metrics read (at most every few seconds); devices
 * expiring within 30 days (counted up to 1,000) and enrollments and revocations per day over the last 30 days are read
 * for the request.
 */
@RestController
public class OverviewController {

    static final int DAYS = 30;
    static final int EXPIRING_COUNTED_UP_TO = 1000;

    private final Authenticator authenticator;
    private final BlockingWork blocking;
    private final OperationalFigures figures;
    private final ActivityReader activity;
    private final DeviceReader devices;
    private final Clock clock;

    public OverviewController(Authenticator authenticator, BlockingWork blocking, OperationalFigures figures,
                              ActivityReader activity, DeviceReader devices, Clock clock) {
        this.authenticator = authenticator;
        this.blocking = blocking;
        this.figures = figures;
        this.activity = activity;
        this.devices = devices;
        this.clock = clock;
    }

    @GetMapping(path = "/api/admin/overview", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> overview(ServerWebExchange exchange) {
        return authenticator.requireAuditorOrAdmin(exchange).then(blocking.call(() -> {
            Map<String, Object> body = new LinkedHashMap<>();
            figures.population().ifPresent(population -> {
                body.put("people", population.users());
                body.put("devices", population.devices());
            });
            int expiring = devices.countExpiringBefore(clock.instant().plus(Duration.ofDays(DAYS)),
                    EXPIRING_COUNTED_UP_TO);
            body.put("expiringWithin30Days", expiring);
            body.put("expiringCountExact", expiring < EXPIRING_COUNTED_UP_TO);
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            body.put("activity", activity.daily(today.minusDays(DAYS - 1), today));
            figures.progress().ifPresent(progress -> {
                Map<String, Object> chain = new LinkedHashMap<>();
                chain.put("storeHead", progress.storeHead());
                chain.put("chainHead", progress.chainHead());
                chain.put("lastCheckpointAt", progress.lastCheckpointAt());
                chain.put("stalledFor", figures.chainStalledFor().map(Duration::toSeconds).orElse(null));
                body.put("history", chain);
            });
            return body;
        }));
    }
}
