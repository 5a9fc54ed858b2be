package org.jams.gateway.bench;

import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The organisation CA's CRL with 1,000 and with 100,000 revoked account certificates: the time to produce one (built
 * from the read model, signed, published as an event, served), the time to serve it once current, and the time of one
 * more revocation (a real person revoked through the API), which must not grow with the count. The revoked
 * certificates beyond the few real ones are rows of the revoked-certificates read model written by the benchmark:
 * revoking 100,000 people through the command path would first need 100,000 RSA-4096 account keys (hours here). Not
 * part of the default suite: {@code mvn -B -o -pl api-gateway -am -Pbenchmark test -Dtest=CrlBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class CrlBenchmark {

    private static final int[] SCALES = {1_000, 100_000};
    private static final int REPEATS = 3;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void aRevocationTakesAsLongWithAHundredThousandRevokedAsWithAThousand() throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        Path home = Files.createTempDirectory("jams-crl-bench");
        Path log = Path.of("target", "crl-benchmark-server.log");
        Files.deleteIfExists(log);
        try (ServerProcess server = ServerProcess.start(home.resolve("home"), log, 4)) {
            BenchHttp http = server.http();
            BenchSetup.complete(http);
            JdbcTemplate jdbc = new JdbcTemplate(server.database());
            String caKeyId = jdbc.queryForObject("SELECT ca_key_id FROM organisation_ca", String.class).trim();
            String crlUrl = server.baseUrl() + "/api/crl/" + caKeyId;
            List<String> people = new ArrayList<>();
            for (int i = 0; i < SCALES.length * REPEATS; i++) {
                people.add("leaver" + i);
                BenchSetup.createUser(http, "leaver" + i, "leaver-pw-" + i, "Leaver " + i);
            }
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n=== CRL benchmark: the organisation "
                    + "CA's CRL (RSA-4096), %d cores ===%n", Runtime.getRuntime().availableProcessors()));
            out.append(String.format(Locale.ROOT, "%-10s %-10s %14s %14s %14s %12s%n", "revoked", "CRL bytes",
                    "produce ms", "serve ms", "revoke ms", "publish ms"));
            double[] revokeMedians = new double[SCALES.length];
            int person = 0;
            for (int s = 0; s < SCALES.length; s++) {
                seed(jdbc, caKeyId, SCALES[s]);
                double[] produce = new double[REPEATS];
                double[] serve = new double[REPEATS];
                double[] revoke = new double[REPEATS];
                double[] publish = new double[REPEATS];
                int bytes = 0;
                for (int r = 0; r < REPEATS; r++) {
                    seed(jdbc, caKeyId, SCALES[s] + r); // one more: the published CRL is no longer current
                    long started = System.nanoTime();
                    bytes = fetch(crlUrl).length;
                    produce[r] = (System.nanoTime() - started) / 1e6;
                    started = System.nanoTime();
                    fetch(crlUrl);
                    serve[r] = (System.nanoTime() - started) / 1e6;

                    long published = publications(jdbc, caKeyId);
                    started = System.nanoTime();
                    http.expect(HttpMethod.DELETE, "/api/admin/users/" + people.get(person++) + "?reason=left",
                            BenchSetup.ADMIN, null, 200).block();
                    revoke[r] = (System.nanoTime() - started) / 1e6;
                    while (publications(jdbc, caKeyId) == published) {
                        Thread.sleep(5); // the CA's new CRL, published in the background
                    }
                    publish[r] = (System.nanoTime() - started) / 1e6;
                }
                revokeMedians[s] = median(revoke);
                out.append(String.format(Locale.ROOT, "%-10s %-10s %14s %14s %14s %12s%n",
                        String.format(Locale.ROOT, "%,d", SCALES[s]), String.format(Locale.ROOT, "%,d", bytes),
                        figures(produce), figures(serve), figures(revoke), figures(publish)));
            }
            double growth = revokeMedians[1] / revokeMedians[0];
            out.append(String.format(Locale.ROOT, "one more revocation at %,d against %,d revoked (medians): %.2f  %s%n",
                    SCALES[1], SCALES[0], growth, growth <= 1.5 ? "DOES NOT GROW" : "GROWS"));
            out.append("(figures: median [min..max] of " + REPEATS + "; \"revoke ms\" is DELETE /api/admin/users until "
                    + "its answer, \"publish ms\" until the CA's new CRL is an event)\n");
            System.out.println(out);
            Files.writeString(Path.of("target", "crl-benchmark.txt"), out.toString());
        } finally {
            BenchFiles.deleteTree(home);
        }
    }

    /** {@code count} synthetic revoked account certificates of the CA, counted as the projection counts. */
    private static void seed(JdbcTemplate jdbc, String caKeyId, int count) {
        jdbc.update("""
                INSERT INTO revoked_certificates (issuer_key_id, serial, kind, subject_id, revoked_at, reason)
                SELECT ?, 'fe' || lpad(to_hex(n), 30, '0'), 'ACCOUNT', lpad(to_hex(n), 40, '0'),
                    now() - make_interval(secs => n), 'benchmark'
                FROM generate_series(1, ?) n ON CONFLICT DO NOTHING""", caKeyId, count);
        jdbc.update("""
                INSERT INTO revocation_issuers (issuer_key_id, entries, changed_at)
                SELECT ?, count(*), max(revoked_at) FROM revoked_certificates WHERE issuer_key_id = ?
                ON CONFLICT (issuer_key_id) DO UPDATE SET entries = excluded.entries""", caKeyId, caKeyId);
    }

    /** The CRL's DER, through the JDK's client (a large body the benchmark client need not aggregate). */
    private static byte[] fetch(String url) throws Exception {
        HttpResponse<byte[]> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + answer.statusCode());
        }
        return answer.body();
    }

    private static long publications(JdbcTemplate jdbc, String caKeyId) {
        return jdbc.queryForObject("SELECT count(*) FROM crl_publications WHERE issuer_key_id = ?", Long.class,
                caKeyId);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String figures(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.0f [%.0f..%.0f]", median(values), sorted[0], sorted[sorted.length - 1]);
    }
}
