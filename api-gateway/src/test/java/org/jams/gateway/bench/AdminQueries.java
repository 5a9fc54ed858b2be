package org.jams.gateway.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The admin console's reads on a loaded directory: the user search ({@code GET /api/admin/users?q=}) with queries of
 * several kinds, and a user's device list ({@code GET /api/admin/users/{username}/devices}). Requests are sent one at
 * a time (sequentially, no other load), after a warm-up, so each latency is the server's answer to one request.
 */
final class AdminQueries {

    /** The keys of {@link #search}'s overall figures, besides one per kind of query. */
    static final String ALL = "all";
    static final String THREE_OR_MORE = "texts of 3 or more characters";

    private record Sample(String username, String displayName) {
    }

    private final BenchHttp http;
    private final List<Sample> people;
    private final Random random = new Random(11);
    /** The kinds of search an admin types, each picked equally often. */
    private final Map<String, Function<Sample, String>> kinds = new LinkedHashMap<>();

    AdminQueries(BenchHttp http, DataSource database) {
        this.http = http;
        this.people = new JdbcTemplate(database).query(
                // The loaded people (first.lastNN), not the benchmark's own enrolling users.
                "SELECT username, display_name FROM users WHERE username ~ '^[a-z]+\\.[a-z]+[0-9]{2,}$'"
                        + " ORDER BY random() LIMIT 1000",
                (rs, row) -> new Sample(rs.getString(1), rs.getString(2)));
        kinds.put("whole username (one match)", Sample::username);
        kinds.put("username prefix (first.la)", person -> person.username().substring(0,
                person.username().indexOf('.') + 3));
        kinds.put("3-letter prefix", person -> person.username().substring(0, 3));
        kinds.put("last name (display and username)", person -> person.displayName()
                .substring(person.displayName().indexOf(' ') + 1).toLowerCase(Locale.ROOT));
        kinds.put("digits inside usernames", person -> person.username().replaceAll("\\D", "").substring(0, 2));
        kinds.put("2 letters", person -> person.username().substring(1, 3));
        kinds.put("no match", person -> "zq" + Integer.toString(random.nextInt(1_000_000), 36) + "x");
    }

    /** Latencies of {@code count} searches, overall and by kind of query. */
    Map<String, Latencies> search(int warmup, int count) {
        for (int i = 0; i < warmup; i++) {
            searchOnce(kinds.get(pickKind()).apply(people.get(random.nextInt(people.size()))));
        }
        Map<String, Latencies> byKind = new LinkedHashMap<>();
        Latencies all = new Latencies(count);
        Latencies longer = new Latencies(count);
        byKind.put(ALL, all);
        byKind.put(THREE_OR_MORE, longer);
        kinds.keySet().forEach(kind -> byKind.put(kind, new Latencies(count)));
        for (int i = 0; i < count; i++) {
            String kind = pickKind();
            String query = kinds.get(kind).apply(people.get(random.nextInt(people.size())));
            long elapsed = searchOnce(query);
            all.add(elapsed);
            if (query.length() >= 3) {
                longer.add(elapsed);
            }
            byKind.get(kind).add(elapsed);
        }
        return byKind;
    }

    /** Latencies of {@code count} device lists of random people (each has the loaded number of devices). */
    Latencies deviceLists(int warmup, int count) {
        Latencies latencies = new Latencies(count);
        for (int i = 0; i < warmup + count; i++) {
            Sample person = people.get(random.nextInt(people.size()));
            long started = System.nanoTime();
            String body = http.get("/api/admin/users/" + person.username() + "/devices", BenchSetup.ADMIN);
            if (!body.startsWith("[")) {
                throw new IllegalStateException("Not a device list: " + body);
            }
            if (i >= warmup) {
                latencies.add(System.nanoTime() - started);
            }
        }
        return latencies;
    }

    private String pickKind() {
        return new ArrayList<>(kinds.keySet()).get(random.nextInt(kinds.size()));
    }

    private long searchOnce(String query) {
        long started = System.nanoTime();
        String body = http.get("/api/admin/users?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8),
                BenchSetup.ADMIN);
        long elapsed = System.nanoTime() - started;
        if (!body.contains("\"total\"")) {
            throw new IllegalStateException("Not a user page: " + body);
        }
        return elapsed;
    }
}
