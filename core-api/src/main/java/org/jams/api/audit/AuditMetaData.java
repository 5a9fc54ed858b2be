package org.jams.api.audit;

import java.util.List;

/** Metadata keys every command carries and Axon copies to its events. */
public final class AuditMetaData {
    public static final String ACTOR = "actor";
    public static final String AUTH_METHOD = "authMethod";
    public static final String SOURCE_ADDRESS = "sourceAddress";
    public static final String USER_AGENT = "userAgent";
    public static final List<String> KEYS = List.of(ACTOR, AUTH_METHOD, SOURCE_ADDRESS, USER_AGENT);

    private AuditMetaData() {
    }
}
