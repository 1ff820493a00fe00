package dev.transfermonitor.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The emitter against a real broker: delivery once, keyed and in order; a broker rejection surfaces. */
class TransferEmitterIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant START = Instant.parse("2026-11-27T09:00:00Z");
    private static final byte[] SECRET = "integration-test-subject-secret".getBytes(StandardCharsets.US_ASCII);

    @Test
    void simulatedTrafficArrivesOnceKeyedByPrincipalAndInOrderPerPrincipal() {
        Topics topics = KAFKA.newTopics(3);
        List<SpecificRecord> traffic = new Simulator(11, SimulatorOptions.defaults())
                .eventsBetween(START, START.plusSeconds(20));
        List<DataAccessEvent> accesses = traffic.stream()
                .filter(DataAccessEvent.class::isInstance).map(DataAccessEvent.class::cast).toList();
        List<ReplicationEvent> replications = traffic.stream()
                .filter(ReplicationEvent.class::isInstance).map(ReplicationEvent.class::cast).toList();

        try (TransferEmitter emitter = emitter(topics, Map.of())) {
            traffic.forEach(emitter::emit);
            emitter.flush();
        }

        List<ConsumerRecord<String, byte[]>> accessRecords = KAFKA.readAll(topics.access(), accesses.size(), TIMEOUT);
        List<ConsumerRecord<String, byte[]>> replicationRecords =
                KAFKA.readAll(topics.replication(), replications.size(), TIMEOUT);
        List<DataAccessEvent> readAccesses = decode(accessRecords, DataAccessEvent.class);
        List<ReplicationEvent> readReplications = decode(replicationRecords, ReplicationEvent.class);

        assertThat(readAccesses).containsExactlyInAnyOrderElementsOf(accesses);
        assertThat(readReplications).containsExactlyInAnyOrderElementsOf(replications);
        assertThat(accessRecords).allSatisfy(r -> assertThat(r.key())
                .isEqualTo(AvroCodec.of(DataAccessEvent.class).decode(r.value()).getPrincipalId()));
        assertThat(replicationRecords).allSatisfy(r -> assertThat(r.key())
                .isEqualTo(AvroCodec.of(ReplicationEvent.class).decode(r.value()).getPrincipalId()));
        assertThat(idsByPrincipal(readAccesses, DataAccessEvent::getPrincipalId, DataAccessEvent::getEventId))
                .isEqualTo(idsByPrincipal(accesses, DataAccessEvent::getPrincipalId, DataAccessEvent::getEventId));
        assertThat(readReplications.stream().filter(e -> Scenario.of(e).orElseThrow() != Scenario.BENIGN))
                .hasSize(6);
    }

    @Test
    void recordsTheBrokerRejectsFailTheFlushOnceAndTheOthersArrive() {
        Topics topics = tinyTopics();

        try (TransferEmitter emitter = emitter(topics, Map.of("compression.type", "none"))) {
            emitter.access(bigRead(emitter, "big-1"));
            emitter.access(smallRead("small-1"));
            emitter.access(bigRead(emitter, "big-2"));

            assertThatThrownBy(emitter::flush)
                    .isInstanceOf(EmitException.class)
                    .hasCauseInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining("2 events were not delivered")
                    .satisfies(e -> assertThat(((EmitException) e).failedCount()).isEqualTo(2));
            emitter.flush();
        }
        assertThat(decode(KAFKA.readAll(topics.access(), 1, TIMEOUT), DataAccessEvent.class))
                .extracting(DataAccessEvent::getEventId).containsExactly("small-1");
    }

    @Test
    void aRejectedRecordFailsTheClose() {
        Topics topics = tinyTopics();
        TransferEmitter emitter = emitter(topics, Map.of("compression.type", "none"));
        emitter.access(bigRead(emitter, "big-1"));

        assertThatThrownBy(emitter::close)
                .isInstanceOf(EmitException.class)
                .hasMessageContaining("1 event was not delivered");
    }

    @Test
    void subjectKeysUseTheConfiguredSecret() {
        try (TransferEmitter emitter = emitter(KAFKA.newTopics(1), Map.of())) {
            assertThat(emitter.subjectKey("cust-9")).isEqualTo(SubjectKeys.pseudonymize(SECRET, "cust-9"));
        }
        try (TransferEmitter withoutSecret = TransferEmitter.builder().bootstrapServers(KAFKA.bootstrapServers()).build()) {
            assertThatThrownBy(() -> withoutSecret.subjectKey("cust-9"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no subject-key secret")
                    .hasMessageNotContaining("cust-9");
        }
    }

    /** An access topic that takes at most 1 KB per record. */
    private static Topics tinyTopics() {
        Topics topics = Topics.withPrefix("tiny-" + UUID.randomUUID() + ".");
        KAFKA.createTopic(topics.access(), 1, Map.of("max.message.bytes", "1024"));
        return topics;
    }

    private static DataAccessEvent smallRead(String eventId) {
        return DataAccessEvent.newBuilder(bigRead(null, eventId)).setSubjectKeys(List.of()).setRecordCount(1).build();
    }

    private static TransferEmitter emitter(Topics topics, Map<String, Object> extra) {
        return TransferEmitter.builder()
                .bootstrapServers(KAFKA.bootstrapServers())
                .topics(topics)
                .subjectKeySecret(SECRET)
                .property("client.id", "transfer-emitter-it")
                .properties(extra)
                .build();
    }

    /** About 20 KB of subject keys: over the topic's 1 KB limit, under the producer's own. */
    private static DataAccessEvent bigRead(TransferEmitter emitter, String eventId) {
        List<String> keys = emitter == null ? List.of()
                : IntStream.range(0, 300).mapToObj(n -> emitter.subjectKey("cust-" + n)).toList();
        return DataAccessEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(START)
                .setPrincipalId("emp-1001")
                .setCredentialId("sso-emp-1001")
                .setAuthMethod(AuthMethod.MFA)
                .setAction(AccessAction.EXPORT)
                .setAssetId("crm-db-seoul")
                .setRecordCount(keys.size())
                .setByteCount(keys.size() * 2048L)
                .setSubjectKeys(keys)
                .setClientIp("10.1.2.3")
                .build();
    }

    private static <T extends SpecificRecord> List<T> decode(List<ConsumerRecord<String, byte[]>> records,
                                                             Class<T> type) {
        AvroCodec<T> codec = AvroCodec.of(type);
        return records.stream().map(r -> codec.decode(r.value())).toList();
    }

    private static <T> Map<String, List<String>> idsByPrincipal(List<T> events, Function<T, String> principal,
                                                                Function<T, String> eventId) {
        return events.stream().collect(Collectors.groupingBy(principal,
                Collectors.mapping(eventId, Collectors.toList())));
    }
}
