package org.jams.command.testing;

import org.jams.command.pki.NativeCrypto;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Chooses the signing provider of the test JVM before the first test class runs, as the server does at start: the
 * JDK's providers, or ACCP when {@code -Djams.test.accp=true} (the {@code accp} execution in this module's pom, which
 * runs the PKI, Jami and revocation tests a second time). Registered for every test class through the
 * ServiceLoader, with Jupiter's extension autodetection (junit-platform.properties).
 */
public class SigningProviderExtension implements BeforeAllCallback {

    public static final String PROPERTY = "jams.test.accp";

    @Override
    public void beforeAll(ExtensionContext context) {
        NativeCrypto.Status status = NativeCrypto.install(Boolean.getBoolean(PROPERTY));
        if (Boolean.getBoolean(PROPERTY) && !status.nativeCode()) {
            throw new IllegalStateException("-D" + PROPERTY + "=true, but " + status.describe());
        }
    }
}
