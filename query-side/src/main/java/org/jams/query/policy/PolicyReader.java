package org.jams.query.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jams.api.stored.EventJson;
import org.jams.query.database.PendingRead;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads groups, blueprints and attachments, and computes a person's effective settings from them. */
@Component
public class PolicyReader {

    public record GroupView(String name, String source, String description, long members, String blueprint,
                            Integer precedence, Instant createdAt) {
    }

    public record BlueprintVersionView(String name, int version, Map<String, String> settings, Instant createdAt) {
    }

    public record AttachmentView(String group, String blueprint, int precedence) {
    }

    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;

    public PolicyReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The groups defined here, and the directory groups people known here are in (by DN, source "directory"), each
     * with its member count and blueprint: by name.
     */
    public List<GroupView> groups() {
        return groups("");
    }

    /** One group, by its name here or a directory group's DN (lower-case). */
    public Optional<GroupView> group(String name) {
        return groups(name).stream().filter(group -> group.name().equals(name)).findFirst();
    }

    private List<GroupView> groups(String only) {
        boolean all = only.isEmpty();
        return jdbc.query("""
                SELECT g.name, 'local', g.description, (SELECT count(*) FROM policy_group_members m
                        WHERE m.group_id = g.group_id), a.blueprint, a.precedence, g.created_at
                FROM policy_groups g LEFT JOIN policy_attachments a ON a.group_key = g.group_id
                WHERE ? OR g.name = ?
                UNION ALL
                SELECT d.dn, 'directory', '', d.members, a.blueprint, a.precedence, NULL
                FROM (SELECT lower(dn) AS dn, count(*) AS members FROM users, unnest(directory_groups) AS dn
                      WHERE status <> 'REVOKED' AND (? OR lower(dn) = ?) GROUP BY lower(dn)) d
                LEFT JOIN policy_attachments a ON a.group_key = d.dn
                ORDER BY 1""", PolicyReader::group, all, only, all, only);
    }

    /** The id of the group defined here under this name. */
    public Optional<String> groupId(String name) {
        return jdbc.queryForList("SELECT group_id FROM policy_groups WHERE name = ?", String.class, name).stream()
                .findFirst();
    }

    /** Whether someone known here is in the directory group of this DN (lower-case). */
    public boolean directoryGroupExists(String dn) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM users, unnest(directory_groups) AS g WHERE lower(g) = ?)""",
                Boolean.class, dn));
    }

    /** The members of the group defined here under this name, by username. */
    public List<String> members(String name) {
        return jdbc.queryForList("""
                SELECT m.username FROM policy_group_members m JOIN policy_groups g ON g.group_id = m.group_id
                WHERE g.name = ? ORDER BY m.username""", String.class, name);
    }

    /** The groups defined here that the person is a member of, by name. */
    public List<String> groupsOf(String username) {
        return jdbc.queryForList("""
                SELECT g.name FROM policy_group_members m JOIN policy_groups g ON g.group_id = m.group_id
                WHERE m.username = ? ORDER BY g.name""", String.class, username);
    }

    /** Every version of a blueprint, oldest first. */
    public List<BlueprintVersionView> versions(String blueprint) {
        return jdbc.query("SELECT name, version, settings::text, created_at FROM policy_blueprint_versions"
                + " WHERE name = ? ORDER BY version", PolicyReader::version, blueprint);
    }

    public Optional<BlueprintVersionView> latest(String blueprint) {
        return jdbc.query("SELECT name, version, settings::text, created_at FROM policy_blueprint_versions"
                + " WHERE name = ? ORDER BY version DESC LIMIT 1", PolicyReader::version, blueprint).stream()
                .findFirst();
    }

    /** The latest version of every blueprint, by name. */
    public List<BlueprintVersionView> blueprints() {
        return jdbc.query("""
                SELECT DISTINCT ON (name) name, version, settings::text, created_at FROM policy_blueprint_versions
                ORDER BY name, version DESC""", PolicyReader::version);
    }

    public Optional<String> defaultBlueprint() {
        return jdbc.query("SELECT blueprint FROM policy_default_blueprint WHERE id = 1 AND blueprint IS NOT NULL",
                (rs, row) -> rs.getString(1)).stream().findFirst();
    }

    /**
     * What a person's devices get: the default blueprint, then those of the groups they are in here and in the
     * directory, by precedence. One query.
     */
    public EffectiveSettings effectiveSettings(String username) {
        return effectiveSettingsRead(username).runOn(jdbc);
    }

    /** {@link #effectiveSettings} as a read to run with others ({@link org.jams.query.database.OneRoundTrip}). */
    public PendingRead<EffectiveSettings> effectiveSettingsRead(String username) {
        return PendingRead.of("""
                WITH person_groups AS (
                    SELECT m.group_id AS group_key, g.name AS label FROM policy_group_members m
                    JOIN policy_groups g ON g.group_id = m.group_id WHERE m.username = ?
                    UNION SELECT lower(g), lower(g) FROM users, unnest(directory_groups) AS g WHERE username = ?),
                layers AS (
                    SELECT p.label AS group_key, a.precedence, a.blueprint FROM policy_attachments a
                    JOIN person_groups p ON p.group_key = a.group_key
                    UNION ALL
                    SELECT NULL, 0, blueprint FROM policy_default_blueprint WHERE id = 1 AND blueprint IS NOT NULL)
                SELECT l.group_key, l.precedence, v.name, v.version, v.settings::text
                FROM layers l JOIN LATERAL (SELECT name, version, settings FROM policy_blueprint_versions
                    WHERE name = l.blueprint ORDER BY version DESC LIMIT 1) v ON true""", rs -> {
                    List<EffectiveSettings.Layer> layers = new ArrayList<>();
                    while (rs.next()) {
                        layers.add(new EffectiveSettings.Layer(rs.getString(1), rs.getInt(2), rs.getString(3),
                                rs.getInt(4), settings(rs.getString(5))));
                    }
                    return layers.isEmpty() ? EffectiveSettings.NONE : EffectiveSettings.of(layers);
                }, username, username);
    }

    private static GroupView group(ResultSet rs, int row) throws SQLException {
        java.sql.Timestamp created = rs.getTimestamp(7);
        int precedence = rs.getInt(6);
        Integer attachedPrecedence = rs.wasNull() ? null : precedence;
        return new GroupView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                attachedPrecedence, created == null ? null : created.toInstant());
    }

    private static BlueprintVersionView version(ResultSet rs, int row) throws SQLException {
        return new BlueprintVersionView(rs.getString(1), rs.getInt(2), settings(rs.getString(3)),
                rs.getTimestamp(4).toInstant());
    }

    private static Map<String, String> settings(String json) {
        try {
            return new java.util.TreeMap<>(EventJson.mapper().readValue(json, SETTINGS));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A stored blueprint's settings are not a JSON object", e);
        }
    }
}
