package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The openssl command line, run in a working directory; test material comes from here, not from the server's code. */
public final class OpenSsl {

    public record Result(int exitCode, String output) {
    }

    private final Path directory;

    public OpenSsl(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Runs openssl with these arguments and requires success; returns its output (stdout and stderr). */
    public String run(String... arguments) {
        Result result = tryRun(arguments);
        assertThat(result.exitCode()).as("openssl %s\n%s", String.join(" ", arguments), result.output()).isZero();
        return result.output();
    }

    public Result tryRun(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl did not finish: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String read(String file) {
        try {
            return Files.readString(directory.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path write(String file, String content) {
        try {
            return Files.writeString(directory.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An unencrypted PKCS#8 RSA key. */
    String rsaKey(String file, int bits) {
        run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:" + bits, "-out", file);
        return read(file);
    }

    /**
     * A self-signed certificate for {@code keyFile} with exactly the given v3 extensions (an openssl extension
     * section body, e.g. "basicConstraints=critical,CA:TRUE"); {@code days} may be negative for an expired one.
     */
    String selfSigned(String certificateFile, String keyFile, String commonName, int days, String extensions) {
        String base = certificateFile.replace('.', '-');
        write(base + ".ext", "[v3]\n" + extensions + "\n");
        run("req", "-new", "-key", keyFile, "-subj", "/CN=" + commonName, "-out", base + ".csr");
        run("x509", "-req", "-in", base + ".csr", "-signkey", keyFile, "-days", Integer.toString(days), "-sha256",
                "-extfile", base + ".ext", "-extensions", "v3", "-out", certificateFile);
        return read(certificateFile);
    }

    /** A new RSA-2048 key and its PKCS#10 request, as a device would send it; returns the request's PEM. */
    public String deviceCsr(String name) {
        rsaKey(name + ".key", 2048);
        run("req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        return read(name + ".csr");
    }

    static final String CA_EXTENSIONS = """
            basicConstraints=critical,CA:TRUE
            keyUsage=critical,keyCertSign,cRLSign
            subjectKeyIdentifier=hash""";
}
