package org.jams.command.policy;

import static org.jams.api.error.DomainException.Kind.CONFLICT;
import static org.jams.api.error.DomainException.Kind.INVALID;
import static org.jams.api.error.DomainException.Kind.NOT_FOUND;
import static org.jams.command.testing.DomainRefusals.refusedWith;

import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.jams.api.policy.PolicyCommands.AttachBlueprintCommand;
import org.jams.api.policy.PolicyCommands.CreateGroupCommand;
import org.jams.api.policy.PolicyCommands.DeleteGroupCommand;
import org.jams.api.policy.PolicyCommands.DetachBlueprintCommand;
import org.jams.api.policy.PolicyCommands.RenameGroupCommand;
import org.jams.api.policy.PolicyCommands.SetDefaultBlueprintCommand;
import org.jams.api.policy.PolicyEvents.BlueprintAttachedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintDetachedEvent;
import org.jams.api.policy.PolicyEvents.DefaultBlueprintSetEvent;
import org.jams.api.policy.PolicyEvents.GroupCreatedEvent;
import org.jams.api.policy.PolicyEvents.GroupDeletedEvent;
import org.jams.api.policy.PolicyEvents.GroupRenamedEvent;
import org.jams.api.policy.PolicyIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog: group names unique, renamed and deleted atomically (a deleted group loses its blueprint), one
 * precedence per group, the default, and every change recorded once.
 */
class PolicyCatalogTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00.123Z");
    private static final String ID = PolicyIds.CATALOG;
    private static final String ENGINEERING_ID = "0d9c7b8e-5f1a-4b0e-9a34-7a1e2b3c4d5e";
    private static final GroupCreatedEvent ENGINEERING = new GroupCreatedEvent(ENGINEERING_ID, "engineering",
            "Builds things", NOW);
    private static final BlueprintAttachedEvent ATTACHED = new BlueprintAttachedEvent(ENGINEERING_ID, "office", 10,
            NOW);

    private FixtureConfiguration<PolicyCatalog> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(PolicyCatalog.class);
    }

    @Test
    void aGroupIsCreatedOnceWithItsDescriptionTrimmed() {
        fixture.givenCurrentTime(NOW).andGiven(List.of())
                .when(new CreateGroupCommand(ID, ENGINEERING_ID, "engineering", "  Builds things "))
                .expectEvents(ENGINEERING);
        fixture.given(ENGINEERING).when(new CreateGroupCommand(ID, "another-id", "engineering", ""))
                .expectException(refusedWith(CONFLICT, "group_exists")).expectNoEvents();
    }

    @Test
    void badNamesAndDescriptionsAreRefused() {
        for (String name : new String[] {"", " lead", "Upper", "a=b", "x".repeat(65), "tab\tname"}) {
            fixture.givenNoPriorActivity().when(new CreateGroupCommand(ID, "id-" + name.hashCode(), name, ""))
                    .expectException(refusedWith(INVALID, "invalid_group_name")).expectNoEvents();
        }
        fixture.givenNoPriorActivity().when(new CreateGroupCommand(ID, "id", "engineering", "line\nbreak"))
                .expectException(refusedWith(INVALID, "invalid_description")).expectNoEvents();
    }

    @Test
    void aRenameKeepsTheGroupAndFreesTheOldName() {
        GroupRenamedEvent renamed = new GroupRenamedEvent(ENGINEERING_ID, "engineering", "builders", NOW);
        fixture.givenCurrentTime(NOW).andGiven(ENGINEERING)
                .when(new RenameGroupCommand(ID, "engineering", "builders")).expectEvents(renamed);
        fixture.givenCurrentTime(NOW).andGiven(ENGINEERING, renamed)
                .when(new CreateGroupCommand(ID, "new-id", "engineering", ""))
                .expectEvents(new GroupCreatedEvent("new-id", "engineering", "", NOW));
        fixture.given(ENGINEERING, new GroupCreatedEvent("other", "sales", "", NOW))
                .when(new RenameGroupCommand(ID, "engineering", "sales"))
                .expectException(refusedWith(CONFLICT, "group_exists")).expectNoEvents();
        fixture.given(ENGINEERING).when(new RenameGroupCommand(ID, "nothing", "builders"))
                .expectException(refusedWith(NOT_FOUND, "group_not_found")).expectNoEvents();
        fixture.given(ENGINEERING).when(new RenameGroupCommand(ID, "engineering", "a=b"))
                .expectException(refusedWith(INVALID, "invalid_group_name")).expectNoEvents();
    }

    @Test
    void deletingAGroupTakesItsBlueprintOffItInTheSameStep() {
        fixture.givenCurrentTime(NOW).andGiven(ENGINEERING, ATTACHED)
                .when(new DeleteGroupCommand(ID, "engineering"))
                .expectEvents(new BlueprintDetachedEvent(ENGINEERING_ID, NOW),
                        new GroupDeletedEvent(ENGINEERING_ID, "engineering", NOW));
        fixture.given(ENGINEERING, new GroupDeletedEvent(ENGINEERING_ID, "engineering", NOW))
                .when(new AttachBlueprintCommand(ID, ENGINEERING_ID, "office", 10))
                .expectException(refusedWith(NOT_FOUND, "group_not_found")).expectNoEvents();
    }

    @Test
    void aGroupGetsABlueprintAndItsPrecedenceAndTheSameAgainChangesNothing() {
        fixture.givenCurrentTime(NOW).andGiven(ENGINEERING)
                .when(new AttachBlueprintCommand(ID, ENGINEERING_ID, "office", 10)).expectEvents(ATTACHED);
        fixture.given(ENGINEERING, ATTACHED).when(new AttachBlueprintCommand(ID, ENGINEERING_ID, "office", 10))
                .expectNoEvents();
        String developers = "cn=developers,ou=groups,dc=example,dc=org";
        fixture.givenCurrentTime(NOW).andGiven(ENGINEERING, ATTACHED)
                .when(new AttachBlueprintCommand(ID, developers, "remote", 20))
                .expectEvents(new BlueprintAttachedEvent(developers, "remote", 20, NOW));
    }

    @Test
    void twoGroupsNeverShareAPrecedenceAndPrecedencesHaveARange() {
        fixture.given(ENGINEERING, ATTACHED)
                .when(new AttachBlueprintCommand(ID, "cn=sales,dc=example,dc=org", "remote", 10))
                .expectException(refusedWith(INVALID, "duplicate_precedence"))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("engineering")).expectNoEvents();
        for (int precedence : new int[] {0, -1, 1_000_001}) {
            fixture.given(ENGINEERING).when(new AttachBlueprintCommand(ID, ENGINEERING_ID, "remote", precedence))
                    .expectException(refusedWith(INVALID, "invalid_precedence")).expectNoEvents();
        }
    }

    @Test
    void detachingAndTheDefaultAreRecordedOnlyWhenTheyChangeSomething() {
        fixture.givenCurrentTime(NOW).andGiven(ENGINEERING, ATTACHED)
                .when(new DetachBlueprintCommand(ID, ENGINEERING_ID))
                .expectEvents(new BlueprintDetachedEvent(ENGINEERING_ID, NOW));
        fixture.given(ENGINEERING).when(new DetachBlueprintCommand(ID, ENGINEERING_ID)).expectNoEvents();
        fixture.givenCurrentTime(NOW).andGiven(List.of()).when(new SetDefaultBlueprintCommand(ID, "office"))
                .expectEvents(new DefaultBlueprintSetEvent("office", NOW));
        fixture.given(new DefaultBlueprintSetEvent("office", NOW)).when(new SetDefaultBlueprintCommand(ID, "office"))
                .expectNoEvents();
        fixture.givenCurrentTime(NOW).andGiven(new DefaultBlueprintSetEvent("office", NOW))
                .when(new SetDefaultBlueprintCommand(ID, null)).expectEvents(new DefaultBlueprintSetEvent(null, NOW));
    }
}
