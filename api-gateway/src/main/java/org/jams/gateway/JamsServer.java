package org.jams.gateway;

import org.jams.gateway.launch.LauncherArguments;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The server. {@code java -jar jams-server.jar [PORT [CERT.pem KEY.pem]] [--jams.home=DIR] [--spring.property=...]}:
 * the positional arguments are those of the JAMS launcher.
 */
@SpringBootApplication(scanBasePackages = "org.jams")
public class JamsServer {

    public static void main(String[] args) {
        // Axon would otherwise phone home for update checks; this server talks only to its own clients.
        System.setProperty("axoniq.update-checker.disabled", "true");
        LauncherArguments launch = LauncherArguments.parse(args);
        SpringApplication.run(JamsServer.class, launch.springArguments());
    }
}
