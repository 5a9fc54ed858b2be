package org.jams.query.audit.asof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jams.query.testing.SampleEvents.deviceId;
import static org.jams.query.testing.SampleEvents.deviceRevoked;
import static org.jams.query.testing.SampleEvents.issued;
import static org.jams.query.testing.SampleEvents.jamiId;
import static org.jams.query.testing.SampleEvents.minutes;
import static org.jams.query.testing.SampleEvents.registered;
import static org.jams.query.testing.SampleEvents.superseded;
import static org.jams.query.testing.SampleEvents.userRevoked;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.jams.api.directory.DirectoryEvents.DirectoryProfileChangedEvent;
import org.jams.api.directory.DirectoryEvents.UserDisabledEvent;
import org.jams.api.directory.DirectoryEvents.UserEnabledEvent;
import org.jams.api.directory.DirectoryEvents.UserRegisteredEvent;
import org.jams.api.policy.PolicyEvents.PolicyDeliveredEvent;
import org.jams.api.stored.EventJson;
import org.jams.api.sync.Contact;
import org.jams.api.sync.SyncEvents.ContactsSyncedEvent;
import org.jams.api.sync.SyncEvents.ConversationsSyncedEvent;
import org.jams.command.directory.UserAccount;
import org.junit.jupiter.api.Test;

/**
 * The as-of fold ({@link UserFold}) decides identity, devices, serials and revocations by the same rules as the user
 * aggregate ({@link UserAccount}): histories covering every event type the aggregate is sourced from are applied to
 * both, event by event, and after each event both must say the same about the Jami ID, the account certificate, the
 * user's revocation and each device's serials and revocation. Histories follow the aggregate's command rules (no
 * re-enrolment of a revoked key; a user's revocation revokes their remaining devices first).
 */
class UserFoldMatchesAggregateTest {

    private static final String USER = "alice";
    private static final AggregateModel<UserAccount> MODEL =
            AnnotatedAggregateMetaModelFactory.inspectAggregate(UserAccount.class);

    /** What both must agree on about one device. */
    record DeviceFacts(List<String> serials, boolean revoked) {
    }

    /** What both must agree on about the user. */
    record Agreed(String jamiId, String accountCertificateSerial, String caKeyId, boolean revoked,
                  Map<String, DeviceFacts> devices) {

        /** From the aggregate's snapshot form (its fields, as Jackson stores snapshots). */
        static Agreed of(UserAccount aggregate) {
            JsonNode state = EventJson.mapper().valueToTree(aggregate);
            Map<String, DeviceFacts> devices = new LinkedHashMap<>();
            state.get("devices").fields().forEachRemaining(device -> devices.put(device.getKey(), new DeviceFacts(
                    serials(device.getValue().get("certificates")), device.getValue().get("revoked").asBoolean())));
            return new Agreed(text(state, "jamiId"), text(state, "accountCertificateSerial"), text(state, "caKeyId"),
                    state.get("revoked").asBoolean(), devices);
        }

        static Agreed of(UserFold fold, UserAsOf folded) {
            Map<String, DeviceFacts> devices = new LinkedHashMap<>();
            folded.devices().forEach(device -> devices.put(device.deviceId(),
                    new DeviceFacts(fold.validSerials(device.deviceId()), "REVOKED".equals(device.status()))));
            return new Agreed(folded.jamiId(), folded.accountCertificate().serial(),
                    folded.accountCertificate().caKeyId(), "REVOKED".equals(folded.status()), devices);
        }

        private static String text(JsonNode node, String field) {
            return node.get(field).isNull() ? null : node.get(field).asText();
        }

        private static List<String> serials(JsonNode certificates) {
            List<String> values = new ArrayList<>();
            certificates.forEach(certificate -> values.add(certificate.get("serial").asText()));
            return values;
        }
    }

    @Test
    void theFoldAndTheAggregateAgreeAfterEveryEventOfEveryHistory() throws Exception {
        for (List<Object> history : histories()) {
            UserAccount aggregate = newAggregate();
            UserFold fold = new UserFold();
            for (int i = 0; i < history.size(); i++) {
                Object event = history.get(i);
                Instant at = minutes(i);
                MODEL.publish(message(event, i), aggregate);
                fold.apply(event, at, i + 1);

                Agreed expected = Agreed.of(aggregate);
                assertThat(Agreed.of(fold, fold.result(USER, at, org.jams.query.policy.EffectiveSettings.NONE))).as("after %s in %s", event, history)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void theHistoriesFoldEveryEventTypeTheAggregateIsSourcedFrom() {
        Set<Class<?>> sourcedFrom = new HashSet<>();
        for (Class<?> type = UserAccount.class; type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(EventSourcingHandler.class)) {
                    sourcedFrom.add(method.getParameterTypes()[0]);
                }
            }
        }
        Set<Class<?>> folded = histories().stream().flatMap(List::stream).map(Object::getClass)
                .collect(Collectors.toSet());

        assertThat(sourcedFrom).as("the aggregate has event sourcing handlers").hasSizeGreaterThanOrEqualTo(6);
        assertThat(folded).containsAll(sourcedFrom);
    }

    @Test
    void theHistoriesReachTheCasesThatMatter() throws Exception {
        // The comparison above would prove little if no history re-enrolled a key or revoked one.
        Agreed end = sourced(lifeOfAUser());
        assertThat(end.devices().get(deviceId("phone"))).as("0a01 superseded by 0a04")
                .isEqualTo(new DeviceFacts(List.of("0a03", "0a04"), true));
        assertThat(end.devices().get(deviceId("laptop"))).isEqualTo(new DeviceFacts(List.of("0a02"), true));
        assertThat(end.revoked()).isTrue();
        assertThat(end.jamiId()).isEqualTo(jamiId(USER));
        long activeAtTheEnd = 0;
        for (List<Object> history : histories()) {
            activeAtTheEnd += sourced(history).revoked() ? 0 : 1;
        }
        assertThat(activeAtTheEnd).as("histories ending with an active user").isPositive();
    }

    /** The CRL as of a moment lists superseded certificates from their superseding, revoked ones from revocation. */
    @Test
    void theFoldsCrlListsSupersededCertificatesAsRevoked() {
        UserFold fold = new UserFold();
        List<Object> life = lifeOfAUser();
        for (int i = 0; i < life.size(); i++) {
            fold.apply(life.get(i), minutes(i), i + 1);
        }
        assertThat(fold.revokedDeviceCertificates(jamiId(USER)))
                .extracting(revoked -> revoked.serial().toString(16) + " at " + revoked.revokedAt())
                .containsExactlyInAnyOrder("a01 at " + minutes(6), "a03 at " + minutes(7), "a04 at " + minutes(7),
                        "a02 at " + minutes(8));
    }

    /** The aggregate sourced from the whole history. */
    private static Agreed sourced(List<Object> history) throws ReflectiveOperationException {
        UserAccount aggregate = newAggregate();
        for (int i = 0; i < history.size(); i++) {
            MODEL.publish(message(history.get(i), i), aggregate);
        }
        return Agreed.of(aggregate);
    }

    private static GenericDomainEventMessage<Object> message(Object event, int sequence) {
        return new GenericDomainEventMessage<>("UserAccount", USER, sequence, event, MetaData.emptyInstance(),
                UUID.randomUUID().toString(), minutes(sequence));
    }

    private static UserAccount newAggregate() throws ReflectiveOperationException {
        Constructor<UserAccount> forAxon = UserAccount.class.getDeclaredConstructor();
        forAxon.setAccessible(true);
        return forAxon.newInstance();
    }

    private static List<List<Object>> histories() {
        return Stream.concat(Stream.of(List.<Object>of(registered(USER, "Alice")), lifeOfAUser()),
                IntStream.range(0, 30).mapToObj(UserFoldMatchesAggregateTest::randomHistory)).toList();
    }

    /** Every kind of event the user's stream holds, in the order a real life could bring them. */
    private static List<Object> lifeOfAUser() {
        UserRegisteredEvent registration = registered(USER, "Alice");
        return List.of(registration,
                issued(USER, "phone", "phone", "0a01", minutes(1)),
                issued(USER, "laptop", "laptop", "0a02", minutes(2)),
                new DirectoryProfileChangedEvent(USER, "Alice A.", "Alice", "A.", "alice@example.org", "",
                        List.of("cn=staff,ou=groups,dc=example,dc=org"), minutes(2)),
                new UserDisabledEvent(USER, "person disabled in the directory", "directory-sync", minutes(3)),
                new UserEnabledEvent(USER, "directory-sync", minutes(4)),
                new PolicyDeliveredEvent(USER, deviceId("phone"), Map.of("office", 2), "policyData", minutes(4)),
                new ContactsSyncedEvent(USER, deviceId("phone"), 1,
                        List.of(new Contact(jamiId("bob"), 1_700_000_000L, 0, true, false, "conv-1"))),
                new ConversationsSyncedEvent(USER, deviceId("laptop"), "conversations", 1,
                        List.of(Map.of("id", "conv-1", "created", "1700000000"))),
                issued(USER, "phone", "phone again", "0a03", minutes(5)),
                issued(USER, "phone", "phone once more", "0a04", minutes(6)),
                superseded(USER, "phone", List.of("0a01"), "0a04", minutes(6)),
                new ConversationsSyncedEvent(USER, null, "conversationRequests", 0, List.of()),
                deviceRevoked(USER, "phone", List.of("0a03", "0a04"), "lost", minutes(7)),
                // the user's revocation: their remaining devices first, then the account
                deviceRevoked(USER, "laptop", List.of("0a02"), "left", minutes(8)),
                userRevoked(registration, "left", minutes(8)));
    }

    /** A history the aggregate's commands could have produced, chosen by a seeded random walk. */
    private static List<Object> randomHistory(int seed) {
        Random random = new Random(seed);
        UserRegisteredEvent registration = registered(USER, "Alice");
        List<Object> history = new ArrayList<>(List.of(registration));
        Map<String, List<String>> serials = new LinkedHashMap<>();
        Set<String> revoked = new HashSet<>();
        int steps = 1 + random.nextInt(25);
        for (int step = 0; step < steps; step++) {
            List<String> active = serials.keySet().stream().filter(key -> !revoked.contains(key)).toList();
            String serial = String.format("%04x", history.size());
            Instant at = minutes(history.size());
            switch (random.nextInt(5)) {
                case 0 -> { // a new device key
                    String key = "device-" + serials.size();
                    serials.computeIfAbsent(key, k -> new ArrayList<>()).add(serial);
                    history.add(issued(USER, key, key, serial, at));
                }
                case 1 -> { // an active key enrols again, superseding what is beyond the two newest
                    if (!active.isEmpty()) {
                        String key = active.get(random.nextInt(active.size()));
                        List<String> valid = serials.get(key);
                        valid.add(serial);
                        history.add(issued(USER, key, key, serial, at));
                        if (valid.size() > 2) {
                            List<String> beyond = List.copyOf(valid.subList(0, valid.size() - 2));
                            valid.removeAll(beyond);
                            history.add(superseded(USER, key, beyond, serial, at));
                        }
                    }
                }
                case 2 -> { // an active device is revoked, every valid certificate of its key with it
                    if (!active.isEmpty()) {
                        String key = active.get(random.nextInt(active.size()));
                        revoked.add(key);
                        history.add(deviceRevoked(USER, key, List.copyOf(serials.get(key)), "revoked", at));
                    }
                }
                case 3 -> history.add(new ContactsSyncedEvent(USER, active.isEmpty() ? null : deviceId(active.get(0)),
                        1, List.of(new Contact(jamiId("contact-" + step), step, 0, true, false, null))));
                default -> history.add(new ConversationsSyncedEvent(USER, null, "conversations", 1,
                        List.of(Map.of("id", "conv-" + step))));
            }
        }
        if (random.nextBoolean()) {
            Instant at = minutes(history.size());
            serials.keySet().stream().filter(key -> !revoked.contains(key)).forEach(key ->
                    history.add(deviceRevoked(USER, key, List.copyOf(serials.get(key)), "user revoked", at)));
            history.add(userRevoked(registration, "user revoked", at));
        }
        return history;
    }
}
