package org.jams.api.setup;

/** The server's setup is one aggregate: one organisation, one CA, one directory, one set of settings. */
public final class ServerSetupId {
    public static final String VALUE = "jams-server-setup";

    private ServerSetupId() {
    }
}
