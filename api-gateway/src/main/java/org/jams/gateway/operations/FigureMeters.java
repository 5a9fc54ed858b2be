package org.jams.gateway.operations;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.jams.gateway.auth.PasswordHasher;
import org.jams.gateway.operations.OperationalFigures.Population;
import org.jams.gateway.operations.OperationalFigures.Progress;
import org.jams.query.directory.UserReader;
import org.jams.query.enrollment.DeviceReader;
import org.jams.query.readmodel.ReadModels;
import org.springframework.stereotype.Component;

/**
 * The gauges read from PostgreSQL through {@link OperationalFigures} (so a scrape costs at most one round of queries
 * per few seconds): the heads of the store and of the audit chain, each tracking processor's lag, the age of the last
 * checkpoint, users and devices by status; whether the database is reachable, and how often it was not; password
 * checks waiting for their turn, and those refused after waiting too long. A figure never read (the database was
 * down from the start) is NaN; while it is down, the last one read stands.
 */
@Component
public class FigureMeters implements MeterBinder {

    private final OperationalFigures figures;
    private final PasswordHasher passwords;

    public FigureMeters(OperationalFigures figures, PasswordHasher passwords) {
        this.figures = figures;
        this.passwords = passwords;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("jams.database.available", figures, f -> f.databaseDown() ? 0 : 1)
                .description("1 while PostgreSQL answers the availability probe, 0 while it does not")
                .register(registry);
        // A scrape every minute or so misses a short outage in the gauge; the count keeps it.
        FunctionCounter.builder("jams.database.outages", figures, OperationalFigures::databaseOutages)
                .description("Times the availability probe found PostgreSQL unreachable since the server started")
                .register(registry);
        // Sign-ins beyond what the heap allows at once wait their turn; refusals mean the wait was too long.
        Gauge.builder("jams.password.hashing.waiting", passwords, PasswordHasher::waiting)
                .description("Password checks waiting for their share of the heap that password hashing may take")
                .register(registry);
        FunctionCounter.builder("jams.password.hashing.refused", passwords, PasswordHasher::refused)
                .description("Requests answered 503 because their password check could not start in time")
                .register(registry);
        progress(registry, "jams.eventstore.head", null, "The highest global index in the event store",
                Progress::storeHead);
        progress(registry, "jams.audit.chain.head", null, "The highest global index linked into the audit chain",
                Progress::chainHead);
        progress(registry, "jams.audit.chain.lag", "events", "Stored events not yet linked into the audit chain",
                progress -> Math.max(0, progress.storeHead() - progress.chainHead()));
        TimeGauge.builder("jams.audit.checkpoint.age", figures, TimeUnit.SECONDS,
                        f -> f.sinceLastCheckpoint().map(age -> age.toMillis() / 1000.0).orElse(Double.NaN))
                .description("Time since the latest signed audit checkpoint").register(registry);
        for (String processor : ReadModels.TRACKING) {
            Gauge.builder("jams.processor.lag", figures,
                            f -> f.progress().map(progress -> (double) progress.lag(processor)).orElse(Double.NaN))
                    .tag("processor", processor).baseUnit("events")
                    .description("Stored events a tracking processor has yet to read").register(registry);
        }
        for (String status : UserReader.STATUSES) {
            population(registry, "jams.users", status, "Users in the directory, by status", Population::users);
        }
        for (String status : DeviceReader.STATUSES) {
            population(registry, "jams.devices", status, "Enrolled devices, by status", Population::devices);
        }
    }

    private void progress(MeterRegistry registry, String name, String unit, String description,
                          ToDoubleFunction<Progress> figure) {
        Gauge.builder(name, figures, f -> f.progress().map(figure::applyAsDouble).orElse(Double.NaN))
                .baseUnit(unit).description(description).register(registry);
    }

    private void population(MeterRegistry registry, String name, String status, String description,
                            Function<Population, Map<String, Long>> counts) {
        Gauge.builder(name, figures, f -> f.population()
                        .map(population -> (double) counts.apply(population).getOrDefault(status, 0L))
                        .orElse(Double.NaN))
                .tag("status", status.toLowerCase(Locale.ROOT)).description(description).register(registry);
    }
}
