package org.jams.gateway.auth;

/** Who made a request and how they proved it; recorded on every command as audit metadata. */
public record Caller(String subject, Scope scope, String method) {

    static final String ATTRIBUTE = Caller.class.getName();

    public String actor() {
        return scope.name().toLowerCase() + ":" + subject;
    }
}
