package org.jams.gateway.auth;

/**
 * Token scopes. Each does only its job: DEVICE syncs a device, USER manages the user's own devices, ADMIN runs the
 * server, AUDITOR (a security officer) reads, exports and verifies everything and changes nothing.
 */
public enum Scope {
    DEVICE, USER, ADMIN, AUDITOR
}
