package org.jams.query.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.query.testing.SampleEvents.minutes;
import static org.jams.query.testing.SampleEvents.registered;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jams.api.directory.DirectoryEvents.DirectoryProfileChangedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintAttachedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintDetachedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintVersionCreatedEvent;
import org.jams.api.policy.PolicyEvents.DefaultBlueprintSetEvent;
import org.jams.api.policy.PolicyEvents.GroupCreatedEvent;
import org.jams.api.policy.PolicyEvents.GroupDeletedEvent;
import org.jams.api.policy.PolicyEvents.GroupMemberAddedEvent;
import org.jams.api.policy.PolicyEvents.GroupRenamedEvent;
import org.jams.api.policy.PolicyIds;
import org.jams.query.directory.UserDirectoryProjection;
import org.jams.query.policy.EffectiveSettings.Source;
import org.jams.query.testing.MigratedDatabase;
import org.jams.query.testing.ProjectionFeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Effective settings from the policy read models on the real schema: the default beneath, groups by precedence per
 * key, directory groups by DN whatever their case, and the latest version of each blueprint; deleting or detaching
 * takes a group's blueprint away.
 */
class EffectiveSettingsReadModelTest {

    private static final String ENGINEERING = "0d9c7b8e-5f1a-4b0e-9a34-7a1e2b3c4d5e";
    private static final String DEVELOPERS = "CN=Developers,OU=Groups,DC=example,DC=org";

    private MigratedDatabase database;
    private ProjectionFeed policy;
    private ProjectionFeed users;
    private PolicyReader reader;

    @BeforeEach
    void database() {
        database = MigratedDatabase.create();
        policy = new ProjectionFeed(new PolicyProjection(database.jdbc));
        users = new ProjectionFeed(new UserDirectoryProjection(database.jdbc));
        reader = new PolicyReader(database.jdbc);
        users.user("alice", registered("alice", "Alice"), minutes(0));
        users.user("alice", new DirectoryProfileChangedEvent("alice", "Alice", "Alice", "", "", "", List.of(DEVELOPERS),
                minutes(0)), minutes(0));
    }

    @AfterEach
    void drop() {
        database.close();
    }

    private void feed(Object event) {
        Instant at = minutes(1);
        policy.handle(ProjectionFeed.domainMessage("Policy", PolicyIds.CATALOG, 0, event, at));
    }

    @Test
    void nobodyGetsAnythingUntilABlueprintIsAttachedOrDefault() {
        feed(new BlueprintVersionCreatedEvent("office", 1, Map.of("TURN.enable", "true"), minutes(1)));
        assertThat(reader.effectiveSettings("alice")).isEqualTo(EffectiveSettings.NONE);
    }

    @Test
    void theHigherPrecedenceWinsPerKeyAboveTheDefaultWithTheLatestVersions() {
        feed(new BlueprintVersionCreatedEvent("base", 1, Map.of("TURN.realm", "base", "TURN.server", "a:1"),
                minutes(1)));
        feed(new BlueprintVersionCreatedEvent("office", 1, Map.of("TURN.server", "b:1"), minutes(1)));
        feed(new BlueprintVersionCreatedEvent("office", 2, Map.of("TURN.server", "b:2", "TURN.enable", "true"),
                minutes(2)));
        feed(new BlueprintVersionCreatedEvent("remote", 1, Map.of("TURN.server", "c:1"), minutes(1)));
        feed(new GroupCreatedEvent(ENGINEERING, "engineering", "", minutes(1)));
        feed(new GroupMemberAddedEvent(ENGINEERING, "engineering", "alice", minutes(1)));
        feed(new GroupRenamedEvent(ENGINEERING, "engineering", "builders", minutes(1)));
        feed(new DefaultBlueprintSetEvent("base", minutes(1)));
        feed(new BlueprintAttachedEvent(ENGINEERING, "office", 10, minutes(1)));
        feed(new BlueprintAttachedEvent(DEVELOPERS.toLowerCase(), "remote", 20, minutes(1)));

        EffectiveSettings settings = reader.effectiveSettings("alice");
        assertThat(settings.settings()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("TURN.enable", "true",
                "TURN.realm", "base", "TURN.server", "c:1")));
        assertThat(settings.sources()).containsEntry("TURN.server", new Source("remote", 1,
                DEVELOPERS.toLowerCase())).containsEntry("TURN.enable", new Source("office", 2, "builders"))
                .containsEntry("TURN.realm", new Source("base", 1, null));
        assertThat(settings.delivered()).isEqualTo(Map.of("base", 1, "office", 2, "remote", 1));
        assertThat(reader.effectiveSettings("bob")).as("in no group: the default only").satisfies(bob ->
                assertThat(bob.settings()).isEqualTo(Map.of("TURN.realm", "base", "TURN.server", "a:1")));

        feed(new BlueprintDetachedEvent(DEVELOPERS.toLowerCase(), minutes(3)));
        assertThat(reader.effectiveSettings("alice").settings()).containsEntry("TURN.server", "b:2");
        assertThat(reader.members("builders")).containsExactly("alice");
        feed(new BlueprintDetachedEvent(ENGINEERING, minutes(3)));
        feed(new GroupDeletedEvent(ENGINEERING, "builders", minutes(3)));
        assertThat(reader.members("builders")).isEmpty();
        feed(new GroupMemberAddedEvent(ENGINEERING, "builders", "alice", minutes(3)));
        assertThat(reader.members("builders")).as("a member of a deleted group is not kept").isEmpty();
        assertThat(reader.effectiveSettings("alice").settings()).containsEntry("TURN.server", "a:1");
        feed(new DefaultBlueprintSetEvent(null, minutes(4)));
        assertThat(reader.effectiveSettings("alice")).isEqualTo(EffectiveSettings.NONE);
        assertThat(reader.groups()).extracting(PolicyReader.GroupView::name).containsExactly(
                DEVELOPERS.toLowerCase());
    }
}
