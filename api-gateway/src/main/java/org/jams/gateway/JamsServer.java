package org.jams.gateway;

import org.jams.gateway.cli.JamsCli;
import org.jams.gateway.launch.LauncherArguments;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The server. {@code java -jar jams-server.jar [PORT [CERT.pem KEY.pem]] [--jams.home=DIR] [--spring.property=...]}:
 * the positional arguments are those of the JAMS launcher. {@code java -jar jams-server.jar verify|export|help …} runs
 * the command line instead ({@link JamsCli}).
 */
@SpringBootApplication(scanBasePackages = "org.jams")
public class JamsServer {

    public static void main(String[] args) {
        // verify|export|…: the security officers' command line, without starting the server (org.jams.gateway.cli).
        if (JamsCli.handles(args)) {
            System.exit(JamsCli.run(args));
        }
        // Axon would otherwise phone home for update checks; this server talks only to its own clients.
        System.setProperty("axoniq.update-checker.disabled", "true");
        LauncherArguments launch = LauncherArguments.parse(args);
        SpringApplication.run(JamsServer.class, launch.springArguments());
    }
}
