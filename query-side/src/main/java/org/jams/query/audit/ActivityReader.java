package org.jams.query.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Enrollments and revocations per day (UTC), counted from the audit index: what the admin UI's dashboard charts. Every
 * day of the range is listed, those without events with zeros.
 */
@Component
public class ActivityReader {

    /** One day's counts: certificates issued to devices, and revocations of devices and of people. */
    public record Day(LocalDate day, long enrollments, long revocations) {
    }

    private final JdbcTemplate jdbc;

    public ActivityReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The days from {@code first} to {@code last}, inclusive. */
    public List<Day> daily(LocalDate first, LocalDate last) {
        Map<LocalDate, long[]> counts = new LinkedHashMap<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            counts.put(day, new long[2]);
        }
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        jdbc.query("""
                SELECT (time AT TIME ZONE 'UTC')::date, type, count(*) FROM audit_index
                WHERE type IN ('DeviceCertificateIssuedEvent', 'DeviceRevokedEvent', 'UserRevokedEvent')
                  AND time >= ? AND time < ?
                GROUP BY 1, 2""", rs -> {
            long[] day = counts.get(rs.getObject(1, LocalDate.class));
            if (day != null) {
                day[rs.getString(2).equals("DeviceCertificateIssuedEvent") ? 0 : 1] += rs.getLong(3);
            }
        }, Timestamp.from(from), Timestamp.from(to));
        List<Day> days = new ArrayList<>(counts.size());
        counts.forEach((day, c) -> days.add(new Day(day, c[0], c[1])));
        return days;
    }
}
