package org.jams.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Active Directory: a Samba AD domain controller (EXAMPLE.TEST, NetBIOS EXAMPLE) provisioned in a temporary
 * directory, serving only LDAP on 127.0.0.1 with a certificate of its own test CA. Samba's LDAP ports are fixed at 389
 * and 636, so a JVM has one, shared and started on first use, and it must run as root. Samba runs in the foreground
 * with its stdin a pipe: it exits when the pipe closes, and so when the JVM goes. See
 * ../shared/docs/directory-test-servers.md (section 3).
 */
public final class SambaAdServer {

    public static final String REALM = "EXAMPLE.TEST";
    public static final String DOMAIN = "EXAMPLE";
    public static final String BASE_DN = "DC=example,DC=test";
    public static final String USERS_DN = "CN=Users," + BASE_DN;
    /** The read-only account the server finds people with. */
    public static final String READER_DN = "CN=jams-reader," + USERS_DN;
    public static final String READER_PASSWORD = "Reader-Pass-123!";
    public static final String ALICE_PASSWORD = "Alice-Pass-123!";
    public static final String BOB_PASSWORD = "Bob-Pass-123!";
    public static final String CAROL_PASSWORD = "Carol-Pass-123!";

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static SambaAdServer shared;

    private final Path directory;
    private final OpenSsl openssl;
    private Process process;

    private SambaAdServer(Path directory) {
        this.directory = directory;
        this.openssl = new OpenSsl(directory);
    }

    /** The JVM's domain controller, provisioned and started on first use (about 8 seconds). */
    public static synchronized SambaAdServer shared() {
        if (shared == null) {
            try {
                SambaAdServer server = new SambaAdServer(Files.createTempDirectory("jams-samba-"));
                server.provision();
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndDelete));
                shared = server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** The CA that signed the DC's certificate (IP 127.0.0.1, localhost, dc1.example.test), PEM. */
    public String caPem() {
        return openssl.read("ca.pem");
    }

    /** Runs samba-tool against the live directory, for instance {@code user disable bob}. */
    public void tool(String... arguments) {
        List<String> command = new ArrayList<>(List.of("samba-tool"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-s", conf()));
        ChildProcesses.run(command, null, TIMEOUT);
    }

    private String conf() {
        return directory.resolve("etc/smb.conf").toString();
    }

    private void provision() throws IOException {
        Files.createDirectories(directory.resolve("run"));
        Files.createDirectories(directory.resolve("log"));
        openssl.run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "30", "-subj", "/CN=AD test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", "ca.key", "-out", "ca.pem");
        openssl.run("req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-subj", "/CN=dc1.example.test", "-keyout",
                "server.key", "-out", "server.csr");
        openssl.write("server.ext", "basicConstraints=critical,CA:FALSE\n"
                + "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
                + "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:dc1.example.test,DNS:example.test\n");
        openssl.run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "30", "-sha256", "-extfile", "server.ext", "-out", "server.pem");
        ChildProcesses.run(List.of("chmod", "600", directory.resolve("ca.key").toString(),
                directory.resolve("server.key").toString()),
                null, TIMEOUT);
        Path empty = Files.writeString(directory.resolve("empty.conf"), "");
        String d = directory.toString();
        ChildProcesses.run(List.of("samba-tool", "domain", "provision", "-s", empty.toString(), "-q", "--use-rfc2307",
                "--realm=" + REALM, "--domain=" + DOMAIN, "--server-role=dc", "--dns-backend=NONE", "--host-name=dc1",
                "--adminpass=Admin-Pass-123!", "--targetdir=" + d,
                "--option=interfaces = 127.0.0.1", "--option=bind interfaces only = yes",
                "--option=server services = ldap", "--option=ldap server require strong auth = yes",
                "--option=tls enabled = yes", "--option=tls keyfile = " + d + "/server.key",
                "--option=tls certfile = " + d + "/server.pem", "--option=tls cafile = " + d + "/ca.pem",
                "--option=pid directory = " + d + "/run", "--option=ncalrpc dir = " + d + "/run/ncalrpc",
                "--option=winbindd socket directory = " + d + "/run/winbindd",
                "--option=ntp signd socket directory = " + d + "/run/ntp_signd",
                "--option=log file = " + d + "/log/samba.log", "--option=logging = file"), null, TIMEOUT);
        tool("domain", "passwordsettings", "set", "--max-pwd-age=0");
        tool("user", "create", "jams-reader", READER_PASSWORD);
        tool("user", "create", "alice", ALICE_PASSWORD, "--given-name=Alice", "--surname=Anderson",
                "--mail-address=alice@example.test");
        tool("user", "create", "bob", BOB_PASSWORD, "--given-name=Bob", "--surname=Brown");
        tool("user", "create", "carol", CAROL_PASSWORD, "--given-name=Carol", "--surname=Clark");
        tool("user", "disable", "carol");
        tool("group", "add", "developers", "--description=all developers");
        tool("group", "addmembers", "developers", "alice,bob");
        Files.write(directory.resolve("photo.jpg"), OpenLdapServer.PHOTO);
        ChildProcesses.run(List.of("ldbmodify", "-H", directory.resolve("private/sam.ldb").toString()),
                "dn: CN=Alice Anderson," + USERS_DN + "\nchangetype: modify\nreplace: thumbnailPhoto\n"
                        + "thumbnailPhoto:< file://" + directory.resolve("photo.jpg") + "\n", TIMEOUT);
    }

    private void start() throws IOException {
        Files.deleteIfExists(directory.resolve("run/samba.pid"));
        process = new ProcessBuilder("samba", "-i", "-M", "single", "-s", conf()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("log/stdout.log").toFile()).start();
        ChildProcesses.awaitPorts(process, Duration.ofSeconds(30), () -> "Samba did not start (are 389 and 636 free, "
                + "and is this root?): " + read("log/samba.log") + read("log/stdout.log"), 636, 389);
    }

private void stopAndDelete() {
        if (process != null) {
            ChildProcesses.stopByClosingStdin(process);
        }
        ChildProcesses.deleteQuietly(directory);
    }

    private String read(String file) {
        try {
            return Files.readString(directory.resolve(file));
        } catch (IOException e) {
            return "";
        }
    }
}
