package org.jams.gateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jams.gateway.it.OpenLdapServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Enrollments of people from a real OpenLDAP server against enrollments of people created here, on one server at the
 * same time: the two kinds take turns, round after round ({@link EnrollmentComparison}). A directory person's
 * enrollment costs a search on a pooled connection and a bind as their entry on a new one (ldaps:// by default,
 * {@code -Dbench.ldapTls=false} for ldap://). Issue 14's target: at least 0.9 of the local people's enrollments/s.
 * Not part of the default suite: {@code mvn -B -o -pl api-gateway -am -Pbenchmark test
 * -Dtest=DirectoryEnrollmentBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class DirectoryEnrollmentBenchmark {

    private static final int PEOPLE = Integer.getInteger("bench.people", 8);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    private static final int DEVICE_KEYS = Integer.getInteger("bench.deviceKeys", 200);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 120);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 1000);
    private static final boolean LDAP_TLS = Boolean.parseBoolean(System.getProperty("bench.ldapTls", "true"));

    @Test
    void directoryPeopleEnrollWithinATenthOfLocalOnes() throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        List<OpenLdapServer.Person> inDirectory = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            inDirectory.add(new OpenLdapServer.Person("ldap" + i, "ldap-bench-pw-" + i, "Ldap", "Person " + i, null));
        }
        Path home = Files.createTempDirectory("jams-directory-bench");
        Path log = Path.of("target", "directory-enrollment-benchmark-server.log");
        Files.deleteIfExists(log);
        List<String> csrs = BenchSetup.deviceCsrs(DEVICE_KEYS, 2048);
        long runStart = System.nanoTime();
        try (OpenLdapServer ldap = OpenLdapServer.start(inDirectory.toArray(OpenLdapServer.Person[]::new));
             ServerProcess server = ServerProcess.start(home.resolve("home"), log, CLIENTS)) {
            BenchSetup.complete(server.http());
            String url = LDAP_TLS ? ldap.tlsUrl() : ldap.url();
            server.http().post("/api/setup/directory", BenchSetup.ADMIN, "{\"type\":\"ldap\",\"url\":\"" + url
                    + "\",\"bindDn\":\"" + OpenLdapServer.BIND_DN + "\",\"bindPassword\":\""
                    + OpenLdapServer.BIND_PASSWORD + "\",\"userBaseDn\":\"" + OpenLdapServer.PEOPLE_DN
                    + "\",\"trustedCertificate\":\"" + ldap.caPem().replace("\n", "\\n") + "\"}", 201);
            EnrollmentMeasurement local = EnrollmentMeasurement.on(server, "local", PEOPLE, csrs, CLIENTS, REQUESTS);
            List<EnrollmentLoad.Person> people = inDirectory.stream()
                    .map(p -> new EnrollmentLoad.Person(p.uid(), p.password())).toList();
            EnrollmentMeasurement directory = EnrollmentMeasurement.of(server, people, csrs, CLIENTS, REQUESTS,
                    Path.of("/proc", Long.toString(ldap.pid())), "slapd");
            EnrollmentComparison comparison = EnrollmentComparison.run(local, directory, WARMUP_SECONDS, REQUESTS);
            double share = comparison.loadedShare();
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n=== directory enrollment benchmark: "
                    + "%d local people against %d people of a real slapd over %s, %d concurrent clients, RSA-2048 "
                    + "device keys, %d cores ===%n", PEOPLE, PEOPLE, LDAP_TLS ? "ldaps://" : "ldap://", CLIENTS,
                    Runtime.getRuntime().availableProcessors()));
            out.append(String.format(Locale.ROOT, "%-44s %s%n", "enrollments, local people",
                    local.line(comparison.signingRate())));
            out.append(String.format(Locale.ROOT, "%-44s %s%n", "enrollments, directory people",
                    directory.line(comparison.signingRate())));
            out.append(String.format(Locale.ROOT, "%-44s %.2f of the local people's enrollments/s  %s%n",
                    "directory against local", share, share >= 0.9 ? "MET" : "MISSED"));
            out.append(String.format(Locale.ROOT, "%-44s %s%n", "RSA-4096 SHA512withRSA signing",
                    comparison.signingLine()));
            out.append(String.format(Locale.ROOT, "%nLocal people, warmed for %d s, %d measured rounds taking turns:%n",
                    WARMUP_SECONDS, EnrollmentComparison.ROUNDS)).append(local.details());
            out.append(String.format(Locale.ROOT, "%nDirectory people:%n")).append(directory.details());
            out.append(String.format(Locale.ROOT, "whole run %.0f s%n", (System.nanoTime() - runStart) / 1e9));
            System.out.println(out);
            Files.writeString(Path.of("target", "directory-enrollment-benchmark.txt"), out.toString());
        } finally {
            BenchFiles.deleteTree(home);
        }
    }
}
