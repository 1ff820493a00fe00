package dev.transfermonitor.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The emitter against a real broker: a broker rejection surfaces on flush or close, subject keys use the
 * secret. Delivery once, keyed and in order, is checked with simulated traffic in the simulator module.
 */
class TransferEmitterIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant START = Instant.parse("2026-11-27T09:00:00Z");
    private static final byte[] SECRET = "integration-test-subject-secret".getBytes(StandardCharsets.US_ASCII);

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
                    .satisfies(
                            e -> assertThat(((EmitException) e).failedCount()).isEqualTo(2));
            emitter.flush();
        }
        assertThat(decode(KAFKA.readAll(topics.access(), 1, TIMEOUT), DataAccessEvent.class))
                .extracting(DataAccessEvent::getEventId)
                .containsExactly("small-1");
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
        try (TransferEmitter withoutSecret = TransferEmitter.builder()
                .bootstrapServers(KAFKA.bootstrapServers())
                .build()) {
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
        return DataAccessEvent.newBuilder(bigRead(null, eventId))
                .setSubjectKeys(List.of())
                .setRecordCount(1)
                .build();
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
        List<String> keys = emitter == null
                ? List.of()
                : IntStream.range(0, 300)
                        .mapToObj(n -> emitter.subjectKey("cust-" + n))
                        .toList();
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

    private static <T extends SpecificRecord> List<T> decode(
            List<ConsumerRecord<String, byte[]>> records, Class<T> type) {
        AvroCodec<T> codec = AvroCodec.of(type);
        return records.stream().map(r -> codec.decode(r.value())).toList();
    }
}
