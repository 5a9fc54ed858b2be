package org.jams.api.sync;

import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A device sends its lists; the user's aggregate merges them and returns the merged view. */
public final class SyncCommands {
    private SyncCommands() {
    }

    public record SyncContactsCommand(@TargetAggregateIdentifier String username, String deviceId,
                                      List<Contact> contacts) {
    }

    /** kind is "conversations" or "conversationRequests"; items are the client's JSON objects. */
    public record SyncConversationsCommand(@TargetAggregateIdentifier String username, String deviceId, String kind,
                                           List<Map<String, Object>> items) {
    }
}
