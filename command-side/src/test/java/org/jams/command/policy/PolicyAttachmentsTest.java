package org.jams.command.policy;

import static org.jams.api.error.DomainException.Kind.INVALID;
import static org.jams.command.testing.DomainRefusals.refusedWith;

import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.jams.api.policy.PolicyCommands.AttachBlueprintCommand;
import org.jams.api.policy.PolicyCommands.DetachBlueprintCommand;
import org.jams.api.policy.PolicyCommands.SetDefaultBlueprintCommand;
import org.jams.api.policy.PolicyEvents.BlueprintAttachedEvent;
import org.jams.api.policy.PolicyEvents.BlueprintDetachedEvent;
import org.jams.api.policy.PolicyEvents.DefaultBlueprintSetEvent;
import org.jams.api.policy.PolicyIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Attachments: one precedence per group, changes recorded once, the default set and removed. */
class PolicyAttachmentsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00.123Z");
    private static final String ID = PolicyIds.ATTACHMENTS;
    private static final BlueprintAttachedEvent ENGINEERING = new BlueprintAttachedEvent("engineering", "office", 10,
            NOW);

    private FixtureConfiguration<PolicyAttachments> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(PolicyAttachments.class);
    }

    @Test
    void aGroupGetsABlueprintAndItsPrecedenceAndTheSameAgainChangesNothing() {
        fixture.givenCurrentTime(NOW).andGiven(java.util.List.of())
                .when(new AttachBlueprintCommand(ID, "engineering", "office", 10)).expectEvents(ENGINEERING);
        fixture.given(ENGINEERING).when(new AttachBlueprintCommand(ID, "engineering", "office", 10)).expectNoEvents();
        fixture.givenCurrentTime(NOW).andGiven(ENGINEERING)
                .when(new AttachBlueprintCommand(ID, "engineering", "office", 20))
                .expectEvents(new BlueprintAttachedEvent("engineering", "office", 20, NOW));
    }

    @Test
    void twoGroupsNeverShareAPrecedenceAndPrecedencesHaveARange() {
        fixture.given(ENGINEERING).when(new AttachBlueprintCommand(ID, "sales", "remote", 10))
                .expectException(refusedWith(INVALID, "duplicate_precedence"))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("engineering")).expectNoEvents();
        for (int precedence : new int[] {0, -1, 1_000_001}) {
            fixture.givenNoPriorActivity().when(new AttachBlueprintCommand(ID, "sales", "remote", precedence))
                    .expectException(refusedWith(INVALID, "invalid_precedence")).expectNoEvents();
        }
    }

    @Test
    void detachingAndTheDefaultAreRecordedOnlyWhenTheyChangeSomething() {
        fixture.givenCurrentTime(NOW).andGiven(ENGINEERING).when(new DetachBlueprintCommand(ID, "engineering"))
                .expectEvents(new BlueprintDetachedEvent("engineering", NOW));
        // Nothing to detach on a new aggregate: no event, so nothing is stored (the fixture would call that an
        // illegal state, as it cannot rebuild an aggregate from no event).
        fixture.setReportIllegalStateChange(false);
        fixture.givenNoPriorActivity().when(new DetachBlueprintCommand(ID, "engineering")).expectNoEvents();
        fixture.setReportIllegalStateChange(true);
        fixture.givenCurrentTime(NOW).andGiven(java.util.List.of()).when(new SetDefaultBlueprintCommand(ID, "office"))
                .expectEvents(new DefaultBlueprintSetEvent("office", NOW));
        fixture.given(new DefaultBlueprintSetEvent("office", NOW)).when(new SetDefaultBlueprintCommand(ID, "office"))
                .expectNoEvents();
        fixture.givenCurrentTime(NOW).andGiven(new DefaultBlueprintSetEvent("office", NOW))
                .when(new SetDefaultBlueprintCommand(ID, null)).expectEvents(new DefaultBlueprintSetEvent(null, NOW));
    }
}
