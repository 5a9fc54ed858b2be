package org.jams.command.policy;

import static org.jams.api.error.DomainException.Kind.INVALID;
import static org.jams.command.testing.DomainRefusals.refusedWith;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.jams.api.policy.PolicyCommands.SaveBlueprintCommand;
import org.jams.api.policy.PolicyEvents.BlueprintVersionCreatedEvent;
import org.jams.api.policy.PolicyIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blueprints: each change a new version with every value in the daemon's form; the same settings again make none;
 * every refused key is named.
 */
class BlueprintTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00.123Z");
    private static final String ID = PolicyIds.blueprint("office");

    private FixtureConfiguration<Blueprint> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Blueprint.class);
    }

    @Test
    void theFirstSaveIsVersionOneWithValuesAsTheDaemonReadsThem() {
        fixture.givenCurrentTime(NOW).andGiven(java.util.List.of())
                .when(new SaveBlueprintCommand(ID, "office", Map.of("TURN.enable", " TRUE ", "DHT.port", "04222",
                        "Account.hostname", "boot1.example.org:4222; [2001:db8::1]:4222",
                        "Account.defaultModerators", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")))
                .expectEvents(new BlueprintVersionCreatedEvent("office", 1, Map.of("TURN.enable", "true", "DHT.port",
                        "4222", "Account.hostname", "boot1.example.org:4222;[2001:db8::1]:4222",
                        "Account.defaultModerators", "a".repeat(40)), NOW))
                .expectResultMessagePayload(1);
    }

    @Test
    void aChangeIsTheNextVersionAndTheSameSettingsMakeNone() {
        BlueprintVersionCreatedEvent first = new BlueprintVersionCreatedEvent("office", 1,
                Map.of("TURN.enable", "true"), NOW);
        fixture.givenCurrentTime(NOW).andGiven(first)
                .when(new SaveBlueprintCommand(ID, "office", Map.of("TURN.enable", "false")))
                .expectEvents(new BlueprintVersionCreatedEvent("office", 2, Map.of("TURN.enable", "false"), NOW))
                .expectResultMessagePayload(2);
        fixture.given(first).when(new SaveBlueprintCommand(ID, "office", Map.of("TURN.enable", "true")))
                .expectNoEvents().expectResultMessagePayload(1);
    }

    @Test
    void everyRefusalNamesTheKey() {
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("TLS.certificateFile", "forbidden_key");
        refusals.put("Account.managerUri", "forbidden_key");
        refusals.put("Account.archivePassword", "forbidden_key");
        refusals.put("Account.displayName", "forbidden_key");
        refusals.put("Account.noSuchKey", "unknown_key");
        for (Map.Entry<String, String> refused : refusals.entrySet()) {
            fixture.givenNoPriorActivity()
                    .when(new SaveBlueprintCommand(ID, "office", Map.of(refused.getKey(), "x")))
                    .expectException(refusedWith(INVALID, refused.getValue()))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString(refused.getKey()))
                    .expectNoEvents();
        }
        Map<String, String> wrong = new LinkedHashMap<>();
        wrong.put("TURN.enable", "yes");
        wrong.put("Account.activeCallLimit", "101");
        wrong.put("DHT.port", "65536");
        wrong.put("TURN.server", "turn.example.org:0");
        wrong.put("Account.hostname", "boot1.example.org");
        wrong.put("RingNS.uri", "ftp://ns.example.org");
        wrong.put("Account.defaultModerators", "not-a-jami-id");
        wrong.put("Account.uiCustomization", "{not json");
        wrong.put("TURN.username", "line\nbreak");
        for (Map.Entry<String, String> value : wrong.entrySet()) {
            fixture.givenNoPriorActivity().when(new SaveBlueprintCommand(ID, "office", Map.of(value.getKey(),
                            value.getValue())))
                    .expectException(refusedWith(INVALID, "invalid_setting"))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString(value.getKey()))
                    .expectNoEvents();
        }
    }

    @Test
    void theNameDefaultIsTakenByTheDefaultBlueprintsPath() {
        fixture.givenNoPriorActivity().when(new SaveBlueprintCommand(PolicyIds.blueprint("default"), "default",
                        Map.of()))
                .expectException(refusedWith(INVALID, "invalid_blueprint_name")).expectNoEvents();
    }
}
