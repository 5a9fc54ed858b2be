package org.jams.api.sync;

/**
 * A contact as the Jami client syncs it: {@code uri} is the contact's Jami ID, {@code added} and {@code removed}
 * are Unix seconds (0 when absent).
 */
public record Contact(String uri, long added, long removed, boolean confirmed, boolean banned,
                      String conversationId) {
}
