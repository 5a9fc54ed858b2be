package org.jams.gateway.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JAMS launcher's positional arguments: {@code PORT} alone serves plain HTTP on that port; {@code PORT CERT KEY}
 * serves HTTPS with those PEM files. Everything starting with "--" is passed on to Spring unchanged.
 */
public record LauncherArguments(Map<String, Object> springProperties, String[] remainingArguments) {

    /** Spring arguments: the positional ones as properties first, so explicit --options given later still win. */
    public String[] springArguments() {
        List<String> all = new ArrayList<>();
        springProperties.forEach((key, value) -> all.add("--" + key + "=" + value));
        all.addAll(List.of(remainingArguments));
        return all.toArray(String[]::new);
    }

    public static LauncherArguments parse(String[] args) {
        List<String> positional = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String arg : args) {
            (arg.startsWith("--") ? options : positional).add(arg);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        if (positional.size() == 2 || positional.size() > 3) {
            throw new IllegalArgumentException(
                    "Usage: jams-server.jar [PORT [CERT.pem KEY.pem]] [--jams.home=DIR] [--spring.property=value]");
        }
        if (!positional.isEmpty()) {
            properties.put("server.port", port(positional.get(0)));
        }
        if (positional.size() == 3) {
            Path certificate = readable(positional.get(1), "certificate");
            Path key = readable(positional.get(2), "private key");
            properties.put("jams.tls.certificate", certificate.toAbsolutePath().toString());
            properties.put("jams.tls.private-key", key.toAbsolutePath().toString());
        }
        return new LauncherArguments(properties, options.toArray(String[]::new));
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a number between 1 and 65535, not '" + text + "'.");
        }
    }

    private static Path readable(String file, String what) {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("Cannot read the " + what + " file '" + file + "'.");
        }
        return path;
    }
}
