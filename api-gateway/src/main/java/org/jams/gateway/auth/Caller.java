package org.jams.gateway.auth;

/**
 * Who made a request and how they proved it; recorded on every command as audit metadata. deviceId is set only
 * for a DEVICE caller (the 64-hex SHA-256 id of its key); displayName only for a user who gave their password (read
 * with the password, for the enrollment answer).
 */
public record Caller(String subject, Scope scope, String method, String deviceId, String displayName) {

    public Caller(String subject, Scope scope, String method) {
        this(subject, scope, method, null, null);
    }

    public Caller(String subject, Scope scope, String method, String deviceId) {
        this(subject, scope, method, deviceId, null);
    }

    public String actor() {
        String actor = scope.name().toLowerCase() + ":" + subject;
        return deviceId == null ? actor : actor + "/" + deviceId;
    }
}
