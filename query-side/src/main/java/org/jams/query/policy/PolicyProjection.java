package org.jams.query.policy;

import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.jams.api.policy.PolicyEvents.BlueprintAttachedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintDetachedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintVersionCreatedEvent;
import org.jams.api.policy.PolicyEvents.DefaultBlueprintSetEvent;
import org.jams.api.policy.PolicyEvents.GroupCreatedEvent;
import org.jams.api.policy.PolicyEvents.GroupDeletedEvent;
import org.jams.api.policy.PolicyEvents.GroupMemberAddedEvent;
import org.jams.api.policy.PolicyEvents.GroupMemberRemovedEvent;
import org.jams.api.policy.PolicyEvents.GroupRenamedEvent;
import org.jams.api.stored.EventJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Builds the policy read models: groups and their members, every blueprint version, attachments and the default. */
@Component
@ProcessingGroup(PolicyProjection.NAME)
public class PolicyProjection {

    public static final String NAME = "policy-projection";

    private final JdbcTemplate jdbc;

    public PolicyProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(GroupCreatedEvent event) {
        jdbc.update("INSERT INTO policy_groups (group_id, name, description, created_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (group_id) DO NOTHING", event.groupId(), event.name(), event.description(),
                Timestamp.from(event.createdAt()));
    }

    @EventHandler
    void on(GroupRenamedEvent event) {
        jdbc.update("UPDATE policy_groups SET name = ? WHERE group_id = ?", event.name(), event.groupId());
    }

    @EventHandler
    void on(GroupDeletedEvent event) {
        jdbc.update("DELETE FROM policy_group_members WHERE group_id = ?", event.groupId());
        jdbc.update("DELETE FROM policy_groups WHERE group_id = ?", event.groupId());
    }

    /** A member added while the group was being deleted belongs to no group: not kept. */
    @EventHandler
    void on(GroupMemberAddedEvent event) {
        jdbc.update("INSERT INTO policy_group_members (group_id, username, added_at) SELECT ?, ?, ?"
                + " WHERE EXISTS (SELECT 1 FROM policy_groups WHERE group_id = ?) ON CONFLICT DO NOTHING",
                event.groupId(), event.username(), Timestamp.from(event.addedAt()), event.groupId());
    }

    @EventHandler
    void on(GroupMemberRemovedEvent event) {
        jdbc.update("DELETE FROM policy_group_members WHERE group_id = ? AND username = ?", event.groupId(),
                event.username());
    }

    @EventHandler
    void on(BlueprintVersionCreatedEvent event) throws com.fasterxml.jackson.core.JsonProcessingException {
        jdbc.update("INSERT INTO policy_blueprint_versions (name, version, settings, created_at)"
                + " VALUES (?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING", event.name(), event.version(),
                EventJson.mapper().writeValueAsString(event.settings()), Timestamp.from(event.createdAt()));
    }

    @EventHandler
    void on(BlueprintAttachedEvent event) {
        jdbc.update("""
                INSERT INTO policy_attachments (group_key, blueprint, precedence, attached_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (group_key) DO UPDATE SET blueprint = EXCLUDED.blueprint,
                    precedence = EXCLUDED.precedence, attached_at = EXCLUDED.attached_at""",
                event.group(), event.blueprint(), event.precedence(), Timestamp.from(event.attachedAt()));
    }

    @EventHandler
    void on(BlueprintDetachedEvent event) {
        jdbc.update("DELETE FROM policy_attachments WHERE group_key = ?", event.group());
    }

    @EventHandler
    void on(DefaultBlueprintSetEvent event) {
        jdbc.update("INSERT INTO policy_default_blueprint (id, blueprint, set_at) VALUES (1, ?, ?) ON CONFLICT (id)"
                + " DO UPDATE SET blueprint = EXCLUDED.blueprint, set_at = EXCLUDED.set_at", event.blueprint(),
                Timestamp.from(event.setAt()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM policy_group_members");
        jdbc.update("DELETE FROM policy_groups");
        jdbc.update("DELETE FROM policy_blueprint_versions");
        jdbc.update("DELETE FROM policy_attachments");
        jdbc.update("DELETE FROM policy_default_blueprint");
    }
}
