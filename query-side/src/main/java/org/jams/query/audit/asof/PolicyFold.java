package org.jams.query.audit.asof;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jams.api.policy.PolicyEvents.BlueprintAttachedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintDetachedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintVersionCreatedEvent;
import org.jams.api.policy.PolicyEvents.DefaultBlueprintSetEvent;
import org.jams.api.policy.PolicyEvents.GroupCreatedEvent;
import org.jams.api.policy.PolicyEvents.GroupDeletedEvent;
import org.jams.api.policy.PolicyEvents.GroupMemberAddedEvent;
import org.jams.api.policy.PolicyEvents.GroupMemberRemovedEvent;
import org.jams.api.policy.PolicyEvents.GroupRenamedEvent;
import org.jams.query.policy.EffectiveSettings;

/**
 * Groups, blueprints and attachments as their events, applied in order up to a moment, had made them: what one
 * person's effective settings were then, by the same rule as today's ({@link EffectiveSettings}).
 */
final class PolicyFold {

    /** The event types folded. */
    static final List<Class<?>> EVENTS = List.of(GroupCreatedEvent.class, GroupRenamedEvent.class,
            GroupDeletedEvent.class, GroupMemberAddedEvent.class,
            GroupMemberRemovedEvent.class, BlueprintVersionCreatedEvent.class, BlueprintAttachedEvent.class,
            BlueprintDetachedEvent.class, DefaultBlueprintSetEvent.class);

    private record Attachment(String blueprint, int precedence) {
    }

    private final String username;
    /** The ids of the groups defined here that the person is in. */
    private final Set<String> groups = new HashSet<>();
    /** Group id → its name then. */
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, BlueprintVersionCreatedEvent> latest = new HashMap<>();
    private final Map<String, Attachment> attachments = new HashMap<>();
    private String defaultBlueprint;

    PolicyFold(String username) {
        this.username = username;
    }

    void apply(Object payload) {
        if (payload instanceof GroupCreatedEvent event) {
            names.put(event.groupId(), event.name());
        } else if (payload instanceof GroupRenamedEvent event) {
            names.put(event.groupId(), event.name());
        } else if (payload instanceof GroupMemberAddedEvent event && event.username().equals(username)
                && names.containsKey(event.groupId())) {
            groups.add(event.groupId());
        } else if (payload instanceof GroupMemberRemovedEvent event && event.username().equals(username)) {
            groups.remove(event.groupId());
        } else if (payload instanceof GroupDeletedEvent event) {
            groups.remove(event.groupId());
            names.remove(event.groupId());
        } else if (payload instanceof BlueprintVersionCreatedEvent event) {
            latest.put(event.name(), event);
        } else if (payload instanceof BlueprintAttachedEvent event) {
            attachments.put(event.group(), new Attachment(event.blueprint(), event.precedence()));
        } else if (payload instanceof BlueprintDetachedEvent event) {
            attachments.remove(event.group());
        } else if (payload instanceof DefaultBlueprintSetEvent event) {
            defaultBlueprint = event.blueprint();
        }
    }

    /** The person's settings, given the directory groups (DNs) their profile listed then. */
    EffectiveSettings settings(List<String> directoryGroups) {
        List<EffectiveSettings.Layer> layers = new ArrayList<>();
        if (defaultBlueprint != null && latest.containsKey(defaultBlueprint)) {
            layers.add(layer(null, 0, defaultBlueprint));
        }
        Set<String> memberOf = new HashSet<>(groups);
        directoryGroups.forEach(dn -> memberOf.add(dn.toLowerCase(Locale.ROOT)));
        memberOf.forEach(group -> {
            Attachment attachment = attachments.get(group);
            if (attachment != null && latest.containsKey(attachment.blueprint())) {
                layers.add(layer(names.getOrDefault(group, group), attachment.precedence(), attachment.blueprint()));
            }
        });
        return layers.isEmpty() ? EffectiveSettings.NONE : EffectiveSettings.of(layers);
    }

    private EffectiveSettings.Layer layer(String group, int precedence, String blueprint) {
        BlueprintVersionCreatedEvent version = latest.get(blueprint);
        return new EffectiveSettings.Layer(group, precedence, blueprint, version.version(), version.settings());
    }
}
