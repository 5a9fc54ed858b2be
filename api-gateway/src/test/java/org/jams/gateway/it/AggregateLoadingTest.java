package org.jams.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.Snapshotter;
import org.jams.command.directory.UserAccount;
import org.jams.command.policy.Blueprint;
import org.jams.command.policy.GroupMembers;
import org.jams.command.policy.PolicyCatalog;
import org.jams.command.revocation.CrlSeries;
import org.jams.command.setup.ServerSetup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Every aggregate is made by a plain constructor call and its snapshot taken as stored, not through Spring's
 * prototype-bean lifecycle; a person loaded again that way, from its events and then from a snapshot, goes on
 * enrolling devices through the real command path.
 */
class AggregateLoadingTest extends SharedServerTestBase {

    @Autowired
    private Configuration axon;

    @Autowired
    @Qualifier("userAccountCache")
    private Cache people;

    @Autowired
    private Snapshotter snapshotter;

    @Test
    void aggregatesAreMadeByTheirConstructorsAndAPersonLoadedAgainGoesOnEnrolling() {
        for (Class<?> type : List.of(UserAccount.class, CrlSeries.class, ServerSetup.class, GroupMembers.class,
                PolicyCatalog.class, Blueprint.class)) {
            assertThat(axon.repository(type)).as(type.getSimpleName()).isInstanceOf(EventSourcingRepository.class);
            assertThat(((EventSourcingRepository<?>) axon.repository(type)).getAggregateFactory())
                    .as(type.getSimpleName()).isInstanceOf(GenericAggregateFactory.class);
        }

        String person = SetupSteps.unique("reloaded");
        createUser(person);
        enrollDevice(person, "first");
        people.removeAll(); // the next command loads the person from its events
        enrollDevice(person, "from-events");
        long snapshots = snapshotsOf(person);
        snapshotter.scheduleSnapshot(UserAccount.class, person);
        await().atMost(Duration.ofSeconds(20)).until(() -> snapshotsOf(person) > snapshots);
        people.removeAll(); // the next command loads the person from the snapshot
        enrollDevice(person, "from-snapshot");

        assertThat(jdbc.queryForList("SELECT name FROM devices WHERE username = ? ORDER BY name", String.class,
                person)).containsExactly("first", "from-events", "from-snapshot");
    }

    private long snapshotsOf(String person) {
        return jdbc.queryForObject("SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?", Long.class,
                person);
    }
}
