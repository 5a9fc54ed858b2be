package org.jams.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A real OpenLDAP server (Debian's slapd) for one test class: its configuration, database and certificates in a
 * temporary directory, listening on free loopback ports for ldap:// (and StartTLS) and ldaps://. People are loaded
 * with slapadd before it starts; a read-only account finds them. slapd runs under a shell that kills it when its
 * stdin closes, so it goes away with the JVM. See ../shared/docs/directory-test-servers.md.
 */
public final class OpenLdapServer implements AutoCloseable {

    public static final String BASE_DN = "dc=example,dc=org";
    /** How many entries one search of the read-only account returns at most, unless paged. */
    public static final int SIZE_LIMIT = 50;
    public static final String BIND_DN = "cn=readonly-bot,ou=services," + BASE_DN;
    public static final String BIND_PASSWORD = "bot-secret";
    public static final String PEOPLE_DN = "ou=people," + BASE_DN;
    public static final String GROUPS_DN = "ou=groups," + BASE_DN;
    /** The group everyone the server starts with is in. */
    public static final String DEVELOPERS_DN = "cn=developers," + GROUPS_DN;
    static final String ROOT_DN = "cn=admin," + BASE_DN;
    static final String ROOT_PASSWORD = "admin-secret";
    /** An 8x8 JPEG. */
    static final byte[] PHOTO = Base64.getDecoder().decode(
            "/9j/4AAQSkZJRgABAgAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5"
            + "PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAAR"
            + "CAAIAAgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEG"
            + "E1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWG"
            + "h4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEB"
            + "AQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYk"
            + "NOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0"
            + "tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwCjoXgb7v7r9KKKK4MVmOI9o9TbIs2xX1OP"
            + "vH//2Q==");

    /** The photo alice has in the directory (jpegPhoto). */
    public static byte[] photo() {
        return PHOTO.clone();
    }

    /** A person of the test directory. */
    public record Person(String uid, String password, String givenName, String surname, String mail) {
        public String commonName() {
            return givenName + " " + surname;
        }

        public String dn() {
            return "uid=" + uid + "," + PEOPLE_DN;
        }
    }

    public static final Person ALICE = new Person("alice", "alice-secret", "Alice", "Anderson", "alice@example.org");
    public static final Person BOB = new Person("bob", "bob-secret", "Bob", "Brown", null);
    /** A uid that cannot name a Jami account (a space). */
    public static final Person ODD = new Person("Odd Name", "odd-secret", "Odd", "Name", null);

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final OpenSsl openssl;
    private final int port;
    private final int tlsPort;
    private Process process;

    private OpenLdapServer(Path directory, int port, int tlsPort) {
        this.directory = directory;
        this.openssl = new OpenSsl(directory);
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** Creates and starts a server holding {@link #ALICE}, {@link #BOB}, {@link #ODD} and the given people. */
    public static OpenLdapServer start(Person... morePeople) {
        try {
            Path directory = Files.createTempDirectory("jams-slapd-");
            Files.createDirectories(directory.resolve("data"));
            OpenLdapServer server = new OpenLdapServer(directory, freePort(), freePort());
            server.writeCertificates();
            server.writeConfiguration();
            List<Person> people = new ArrayList<>(List.of(ALICE, BOB, ODD));
            people.addAll(List.of(morePeople));
            server.load(people);
            server.startProcess();
            server.addGroups(people);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public String tlsUrl() {
        return "ldaps://127.0.0.1:" + tlsPort;
    }

    /** The CA that signed the server's certificate (for IP 127.0.0.1 and DNS localhost), PEM. */
    public String caPem() {
        return openssl.read("ca.pem");
    }

    /** slapd's process id, while it runs. */
    public long pid() {
        try {
            return Long.parseLong(Files.readString(directory.resolve("slapd.pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server; its data stays for {@link #restart}. */
    public void stop() {
        if (process != null) {
            ChildProcesses.stopByClosingStdin(process);
            process = null;
        }
    }

    public void restart() {
        stop();
        startProcess();
    }

    /** Freezes the server (SIGSTOP): connections open, nothing answers. */
    public void freeze() {
        signal("STOP");
    }

    public void thaw() {
        signal("CONT");
    }

    /** Changes entries as the directory's administrator, with ldapmodify (LDIF with changetype lines). */
    public void modify(String ldif) {
        ChildProcesses.run(List.of("ldapmodify", "-x", "-H", url(), "-D", ROOT_DN, "-w", ROOT_PASSWORD), ldif, TIMEOUT);
    }

    @Override
    public void close() {
        stop();
        ChildProcesses.deleteQuietly(directory);
    }

    private void writeCertificates() {
        openssl.run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "30", "-subj", "/CN=LDAP test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", "ca.key", "-out", "ca.pem");
        openssl.run("req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-subj", "/CN=127.0.0.1", "-keyout",
                "server.key", "-out", "server.csr");
        openssl.write("server.ext", "basicConstraints=critical,CA:FALSE\n"
                + "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
                + "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl.run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "30", "-sha256", "-extfile", "server.ext", "-out", "server.pem");
    }

    /**
     * Everyone in the group developers (under {@link #GROUPS_DN}), and alice also in a group outside it. Added once
     * slapd runs, so that its memberof overlay gives each person memberOf (slapadd runs no overlay).
     */
    private void addGroups(List<Person> people) {
        StringBuilder ldif = new StringBuilder("dn: " + DEVELOPERS_DN + "\nchangetype: add\nobjectClass: groupOfNames\n"
                + "cn: developers\n");
        people.forEach(person -> ldif.append("member: ").append(person.dn()).append('\n'));
        ldif.append("\ndn: cn=newsletter,ou=services,").append(BASE_DN).append("\nchangetype: add\n")
                .append("objectClass: groupOfNames\ncn: newsletter\nmember: ").append(ALICE.dn()).append('\n');
        modify(ldif.toString());
    }

    private void writeConfiguration() throws IOException {
        String d = directory.toString();
        Files.writeString(directory.resolve("slapd.conf"), String.join("\n",
                "include /etc/ldap/schema/core.schema",
                "include /etc/ldap/schema/cosine.schema",
                "include /etc/ldap/schema/inetorgperson.schema",
                "include /etc/ldap/schema/nis.schema",
                "pidfile " + d + "/slapd.pid",
                "argsfile " + d + "/slapd.args",
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "moduleload memberof",
                "loglevel none",
                "TLSCACertificateFile " + d + "/ca.pem",
                "TLSCertificateFile " + d + "/server.pem",
                "TLSCertificateKeyFile " + d + "/server.key",
                "password-hash {SSHA}",
                "database mdb",
                "maxsize 104857600",
                "suffix \"" + BASE_DN + "\"",
                "rootdn \"" + ROOT_DN + "\"",
                "rootpw " + hash(ROOT_PASSWORD),
                "directory " + d + "/data",
                "index objectClass eq",
                "index uid,cn,mail eq",
                "index member eq",
                // As many organisations do: the read-only account's searches stop at 50 entries, and only a paged
                // search (the synchronisation's) reads past them.
                "limits dn.exact=\"" + BIND_DN + "\" size.soft=" + SIZE_LIMIT + " size.hard=" + SIZE_LIMIT
                        + " size.prtotal=unlimited",
                "access to attrs=userPassword",
                "    by self write",
                "    by anonymous auth",
                "    by * none",
                "access to *",
                "    by dn.exact=\"" + BIND_DN + "\" read",
                "    by self read",
                "    by * none",
                "overlay memberof",
                ""));
    }

    private void load(List<Person> people) throws IOException {
        Files.write(directory.resolve("photo.jpg"), PHOTO);
        StringBuilder ldif = new StringBuilder();
        ldif.append(entry("dn: " + BASE_DN, "objectClass: dcObject", "objectClass: organization", "dc: example",
                "o: Example Org"));
        for (String unit : List.of("people", "groups", "services")) {
            ldif.append(entry("dn: ou=" + unit + "," + BASE_DN, "objectClass: organizationalUnit", "ou: " + unit));
        }
        ldif.append(entry("dn: " + BIND_DN, "objectClass: organizationalRole", "objectClass: simpleSecurityObject",
                "cn: readonly-bot", "userPassword: " + hash(BIND_PASSWORD)));
        for (Person person : people) {
            List<String> lines = new ArrayList<>(List.of("dn: " + person.dn(), "objectClass: inetOrgPerson",
                    "uid: " + person.uid(), "cn: " + person.commonName(), "sn: " + person.surname(),
                    "givenName: " + person.givenName(), "userPassword: " + hash(person.password())));
            if (person.mail() != null) {
                lines.add("mail: " + person.mail());
            }
            if (person == ALICE) {
                lines.add("jpegPhoto:< file://" + directory.resolve("photo.jpg"));
            }
            ldif.append(entry(lines.toArray(String[]::new)));
        }
        Files.writeString(directory.resolve("data.ldif"), ldif.toString());
        ChildProcesses.run(List.of("slapadd", "-q", "-f", directory.resolve("slapd.conf").toString(), "-l",
                directory.resolve("data.ldif").toString()), null, TIMEOUT);
    }

    private void startProcess() {
        String urls = url() + "/ " + tlsUrl() + "/";
        try {
            process = new ProcessBuilder("sh", "-c",
                    "slapd -d 0 -f \"$1\" -h \"$2\" & p=$!; cat >/dev/null; kill -TERM $p; wait $p", "sh",
                    directory.resolve("slapd.conf").toString(), urls)
                    .redirectErrorStream(true).redirectOutput(directory.resolve("slapd.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcesses.awaitPorts(process, Duration.ofSeconds(20), () -> "slapd did not start: " + log(), port,
                tlsPort);
    }

    private void signal(String signal) {
        try {
            String pid = Files.readString(directory.resolve("slapd.pid")).trim();
            ChildProcesses.run(List.of("kill", "-" + signal, pid), null, TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("slapd.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String hash(String password) {
        return ChildProcesses.run(List.of("slappasswd", "-h", "{SSHA}", "-s", password), null, TIMEOUT).trim();
    }

    private static String entry(String... lines) {
        return String.join("\n", lines) + "\n\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
