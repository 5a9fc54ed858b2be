package org.jams.command.revocation;

import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.jams.api.error.DomainException;
import org.jams.api.revocation.RevocationCommands.PublishCrlCommand;
import org.jams.api.revocation.RevocationEvents.CrlPublishedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An issuer's CRLs: each published is an event, and a number not above the last one is refused. */
class CrlSeriesTest {

    private static final String ISSUER = "0123456789abcdef0123456789abcdef01234567";
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00.123Z");
    private static final Instant THIS_UPDATE = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant NEXT_UPDATE = THIS_UPDATE.plusSeconds(300);
    private static final long NUMBER = NOW.toEpochMilli();
    private static final String DIGEST = "ab".repeat(32);
    private static final CrlPublishedEvent PUBLISHED = new CrlPublishedEvent(ISSUER, "ACCOUNT", NUMBER, THIS_UPDATE,
            NEXT_UPDATE, 3, DIGEST, NOW);

    private FixtureConfiguration<CrlSeries> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(CrlSeries.class);
    }

    @Test
    void theFirstCrlOfAnIssuerIsPublished() {
        fixture.givenCurrentTime(NOW).andGiven(java.util.List.of())
                .when(new PublishCrlCommand(ISSUER, "ACCOUNT", NUMBER, THIS_UPDATE, NEXT_UPDATE, 3, DIGEST))
                .expectEvents(PUBLISHED);
    }

    @Test
    void aGreaterNumberIsPublished() {
        fixture.givenCurrentTime(NOW.plusSeconds(1)).andGiven(PUBLISHED)
                .when(new PublishCrlCommand(ISSUER, "ACCOUNT", NUMBER + 1, THIS_UPDATE, NEXT_UPDATE, 4, DIGEST))
                .expectEvents(new CrlPublishedEvent(ISSUER, "ACCOUNT", NUMBER + 1, THIS_UPDATE, NEXT_UPDATE, 4,
                        DIGEST, NOW.plusSeconds(1)));
    }

    @Test
    void aNumberNotAboveTheLastIsRefused() {
        for (long number : new long[] {NUMBER, NUMBER - 1}) {
            fixture.given(PUBLISHED)
                    .when(new PublishCrlCommand(ISSUER, "ACCOUNT", number, THIS_UPDATE, NEXT_UPDATE, 3, DIGEST))
                    .expectNoEvents().expectException(DomainException.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("is not above the last one"));
        }
    }
}
