package org.jams.api.sync;

import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** What a device's sync changed in the user's lists (the changed entries only, possibly none). */
public final class SyncEvents {
    private SyncEvents() {
    }

    @Revision("1")
    public record ContactsSyncedEvent(String username, String deviceId, int received, List<Contact> changed) {
    }

    @Revision("1")
    public record ConversationsSyncedEvent(String username, String deviceId, String kind, int received,
                                           List<Map<String, Object>> changed) {
    }
}
