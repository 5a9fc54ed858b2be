package org.jams.gateway.auth;

/** Token scopes. Each does only its job: DEVICE syncs a device, USER manages the user's own devices, ADMIN runs the server. */
public enum Scope {
    DEVICE, USER, ADMIN
}
