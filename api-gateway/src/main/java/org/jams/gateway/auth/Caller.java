package org.jams.gateway.auth;

/**
 * Who made a request and how they proved it; recorded on every command as audit metadata. deviceId is set only
 * for a DEVICE caller (the 64-hex SHA-256 id of its key).
 */
public record Caller(String subject, Scope scope, String method, String deviceId) {

    public Caller(String subject, Scope scope, String method) {
        this(subject, scope, method, null);
    }

    public String actor() {
        String actor = scope.name().toLowerCase() + ":" + subject;
        return deviceId == null ? actor : actor + "/" + deviceId;
    }
}
