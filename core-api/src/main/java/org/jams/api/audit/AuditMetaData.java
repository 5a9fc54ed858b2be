package org.jams.api.audit;

import java.util.List;

/** The metadata keys an event carries for its audit trail: the one place they are named. */
public final class AuditMetaData {
    public static final String ACTOR = "actor";
    public static final String AUTH_METHOD = "authMethod";
    public static final String SOURCE_ADDRESS = "sourceAddress";
    public static final String USER_AGENT = "userAgent";
    /** Who, how and from where: every command carries these, and Axon copies them to the events it produces. */
    public static final List<String> KEYS = List.of(ACTOR, AUTH_METHOD, SOURCE_ADDRESS, USER_AGENT);

    /** Axon's names for the message that caused an event and the first message of its chain. */
    public static final String CORRELATION_ID = "correlationId";
    public static final String TRACE_ID = "traceId";

    /** The Ed25519 signature the server adds to each event as it is appended. */
    public static final String SIGNATURE = "auditSignature";

    private AuditMetaData() {
    }
}
