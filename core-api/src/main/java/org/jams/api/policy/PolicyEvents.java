package org.jams.api.policy;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.serialization.Revision;

/** What happened to groups, blueprints and their attachments. */
public final class PolicyEvents {
    private PolicyEvents() {
    }

    @Revision("1")
    public record GroupCreatedEvent(String groupId, String name, String description, Instant createdAt) {
    }

    @Revision("1")
    public record GroupRenamedEvent(String groupId, String oldName, String name, Instant renamedAt) {
    }

    /** The group is gone, with its members and its blueprint (detached by an event of its own first). */
    @Revision("1")
    public record GroupDeletedEvent(String groupId, String name, Instant deletedAt) {
    }

    /** {@code group}: the group's name when the member was added, for readers of the history. */
    @Revision("1")
    public record GroupMemberAddedEvent(String groupId, String group, String username, Instant addedAt) {
    }

    @Revision("1")
    public record GroupMemberRemovedEvent(String groupId, String group, String username, Instant removedAt) {
    }

    /** A blueprint's settings as of this version, every key validated by its type; versions start at 1. */
    @Revision("1")
    public record BlueprintVersionCreatedEvent(String name, int version, Map<String, String> settings,
                                               Instant createdAt) {
        public BlueprintVersionCreatedEvent {
            settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
        }
    }

    @Revision("1")
    public record BlueprintAttachedEvent(String group, String blueprint, int precedence, Instant attachedAt) {
    }

    @Revision("1")
    public record BlueprintDetachedEvent(String group, Instant detachedAt) {
    }

    /** {@code blueprint} is null when the default was removed. */
    @Revision("1")
    public record DefaultBlueprintSetEvent(String blueprint, Instant setAt) {
    }

    /**
     * A device received these blueprint versions (blueprint → version; empty when it no longer gets any), at
     * enrollment or when it asked for its policy ({@code via}: "enrollment" or "policyData"). Recorded when they differ
     * from what the device received last.
     */
    @Revision("1")
    public record PolicyDeliveredEvent(String username, String deviceId, Map<String, Integer> versions, String via,
                                       Instant deliveredAt) {
        public PolicyDeliveredEvent {
            versions = versions == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(versions));
        }
    }
}
