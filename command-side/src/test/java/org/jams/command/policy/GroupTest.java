package org.jams.command.policy;

import static org.jams.api.error.DomainException.Kind.CONFLICT;
import static org.jams.api.error.DomainException.Kind.INVALID;
import static org.jams.api.error.DomainException.Kind.NOT_FOUND;
import static org.jams.command.testing.DomainRefusals.refusedWith;

import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.jams.api.policy.PolicyCommands.AddGroupMemberCommand;
import org.jams.api.policy.PolicyCommands.CreateGroupCommand;
import org.jams.api.policy.PolicyCommands.DeleteGroupCommand;
import org.jams.api.policy.PolicyCommands.RemoveGroupMemberCommand;
import org.jams.api.policy.PolicyEvents.GroupCreatedEvent;
import org.jams.api.policy.PolicyEvents.GroupDeletedEvent;
import org.jams.api.policy.PolicyEvents.GroupMemberAddedEvent;
import org.jams.api.policy.PolicyEvents.GroupMemberRemovedEvent;
import org.jams.api.policy.PolicyIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Groups an admin defines: created once, members added and removed once each, deleted, created again empty. */
class GroupTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00.123Z");
    private static final String ID = PolicyIds.group("engineering");
    private static final GroupCreatedEvent CREATED = new GroupCreatedEvent("engineering", "Builds things", NOW);

    private FixtureConfiguration<Group> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Group.class);
    }

    @Test
    void aGroupIsCreatedWithItsDescriptionTrimmed() {
        fixture.givenCurrentTime(NOW).andGiven(java.util.List.of())
                .when(new CreateGroupCommand(ID, "engineering", "  Builds things "))
                .expectEvents(CREATED);
    }

    @Test
    void aSecondGroupOfTheSameNameIsAConflict() {
        fixture.given(CREATED).when(new CreateGroupCommand(ID, "engineering", ""))
                .expectException(refusedWith(CONFLICT, "group_exists")).expectNoEvents();
    }

    @Test
    void badNamesAndDescriptionsAreRefused() {
        for (String name : new String[] {"", " lead", "Upper", "a=b", "x".repeat(65), "tab\tname"}) {
            fixture = new AggregateTestFixture<>(Group.class); // one aggregate identifier per fixture
            fixture.givenNoPriorActivity().when(new CreateGroupCommand(PolicyIds.group(name), name, ""))
                    .expectException(refusedWith(INVALID, "invalid_group_name")).expectNoEvents();
        }
        fixture = new AggregateTestFixture<>(Group.class);
        fixture.givenNoPriorActivity().when(new CreateGroupCommand(ID, "engineering", "line\nbreak"))
                .expectException(refusedWith(INVALID, "invalid_description")).expectNoEvents();
    }

    @Test
    void membersAreAddedAndRemovedOnce() {
        fixture.givenCurrentTime(NOW).andGiven(CREATED)
                .when(new AddGroupMemberCommand(ID, "engineering", "alice"))
                .expectEvents(new GroupMemberAddedEvent("engineering", "alice", NOW));
        fixture.givenCurrentTime(NOW).andGiven(CREATED, new GroupMemberAddedEvent("engineering", "alice", NOW))
                .when(new AddGroupMemberCommand(ID, "engineering", "alice")).expectNoEvents();
        fixture.givenCurrentTime(NOW).andGiven(CREATED, new GroupMemberAddedEvent("engineering", "alice", NOW))
                .when(new RemoveGroupMemberCommand(ID, "engineering", "alice"))
                .expectEvents(new GroupMemberRemovedEvent("engineering", "alice", NOW));
        fixture.givenCurrentTime(NOW).andGiven(CREATED)
                .when(new RemoveGroupMemberCommand(ID, "engineering", "bob")).expectNoEvents();
    }

    @Test
    void aMissingOrDeletedGroupIsNotFoundAndADeletedOneCanBeCreatedAgainEmpty() {
        fixture.givenNoPriorActivity().when(new AddGroupMemberCommand(ID, "engineering", "alice"))
                .expectException(refusedWith(NOT_FOUND, "group_not_found")).expectNoEvents();
        fixture.givenCurrentTime(NOW).andGiven(CREATED).when(new DeleteGroupCommand(ID, "engineering"))
                .expectEvents(new GroupDeletedEvent("engineering", NOW));
        GroupDeletedEvent deleted = new GroupDeletedEvent("engineering", NOW);
        fixture.given(CREATED, new GroupMemberAddedEvent("engineering", "alice", NOW), deleted)
                .when(new DeleteGroupCommand(ID, "engineering"))
                .expectException(refusedWith(NOT_FOUND, "group_not_found")).expectNoEvents();
        fixture.givenCurrentTime(NOW).andGiven(CREATED, new GroupMemberAddedEvent("engineering", "alice", NOW),
                        deleted, CREATED)
                .when(new RemoveGroupMemberCommand(ID, "engineering", "alice")).expectNoEvents();
    }
}
