package org.jams.gateway.crypto;

import org.jams.command.pki.NativeCrypto;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Installs ACCP as the first JCA provider once the configuration is read and before any bean exists, so every key
 * the server creates or reads is an object of the provider that signs with it. Registered in
 * {@code META-INF/spring.factories}, so a server started by any means (the launcher, a test) gets it.
 */
public class NativeCryptoInstaller implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        NativeCrypto.install(environment.getProperty(NativeCrypto.PROPERTY, Boolean.class, true));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the configuration files and command line are read
    }
}
