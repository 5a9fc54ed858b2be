package org.jams.command.policy;

import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.jams.api.policy.PolicyCommands.AddGroupMemberCommand;
import org.jams.api.policy.PolicyCommands.RemoveGroupMemberCommand;
import org.jams.api.policy.PolicyEvents.GroupMemberAddedEvent;
import org.jams.api.policy.PolicyEvents.GroupMemberRemovedEvent;
import org.jams.api.policy.PolicyIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A group's members, by the group's id: each added once and removed once, under the group's name of the moment. */
class GroupMembersTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00.123Z");
    private static final String GROUP_ID = "0d9c7b8e-5f1a-4b0e-9a34-7a1e2b3c4d5e";
    private static final String ID = PolicyIds.groupMembers(GROUP_ID);
    private static final GroupMemberAddedEvent ALICE = new GroupMemberAddedEvent(GROUP_ID, "engineering", "alice",
            NOW);

    private FixtureConfiguration<GroupMembers> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(GroupMembers.class);
    }

    @Test
    void aMemberIsAddedOnce() {
        fixture.givenCurrentTime(NOW).andGiven(java.util.List.of())
                .when(new AddGroupMemberCommand(ID, GROUP_ID, "engineering", "alice")).expectEvents(ALICE);
        fixture.given(ALICE).when(new AddGroupMemberCommand(ID, GROUP_ID, "builders", "alice")).expectNoEvents();
    }

    @Test
    void aMemberIsRemovedOnceUnderTheGroupsNameOfTheMoment() {
        fixture.givenCurrentTime(NOW).andGiven(ALICE)
                .when(new RemoveGroupMemberCommand(ID, GROUP_ID, "builders", "alice"))
                .expectEvents(new GroupMemberRemovedEvent(GROUP_ID, "builders", "alice", NOW));
        fixture.given(ALICE).when(new RemoveGroupMemberCommand(ID, GROUP_ID, "builders", "bob")).expectNoEvents();
    }
}
