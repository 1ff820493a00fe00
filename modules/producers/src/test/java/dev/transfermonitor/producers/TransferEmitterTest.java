package dev.transfermonitor.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The emitter against a MockProducer: topics, keys, encoding, failure reporting, configuration. */
class TransferEmitterTest {

    private static final byte[] SECRET = "test-secret-of-sixteen-bytes-or-more".getBytes(StandardCharsets.US_ASCII);
    private static final Topics TOPICS = Topics.withPrefix("t1.");

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final TransferEmitter emitter = new TransferEmitter(producer, TOPICS, SECRET, Duration.ofSeconds(1));

    @Test
    void accessGoesToTheAccessTopicKeyedByPrincipalAsAvro() {
        DataAccessEvent event = access("e-1", "emp-1001");

        emitter.access(event);
        emitter.flush();

        ProducerRecord<String, byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo("t1.transfer.access.v1");
        assertThat(sent.key()).isEqualTo("emp-1001");
        assertThat(AvroCodec.of(DataAccessEvent.class).decode(sent.value())).isEqualTo(event);
    }

    @Test
    void replicationGoesToTheReplicationTopicKeyedByPrincipal() {
        ReplicationEvent event = replication("e-2", "svc-backup");

        emitter.emit(event);
        emitter.flush();

        ProducerRecord<String, byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo("t1.transfer.replication.v1");
        assertThat(sent.key()).isEqualTo("svc-backup");
        assertThat(AvroCodec.of(ReplicationEvent.class).decode(sent.value())).isEqualTo(event);
    }

    @Test
    void emitRejectsRecordsThatAreNotInputEvents() {
        Region region = Region.newBuilder().setRegionId("aws:us-east-1").setCountryCode("US").build();

        assertThatThrownBy(() -> emitter.emit(region))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Region");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void anAsyncFailureSurfacesOnFlushOnce() {
        emitter.access(access("e-1", "emp-1001"));
        emitter.access(access("e-2", "emp-1002"));
        emitter.access(access("e-3", "emp-1003"));
        TimeoutException failure = new TimeoutException("expired before delivery");
        producer.errorNext(failure);
        producer.errorNext(new TimeoutException("second"));

        assertThatThrownBy(emitter::flush)
                .isInstanceOf(EmitException.class)
                .hasCause(failure)
                .hasMessageContaining("2 events were not delivered")
                .satisfies(e -> assertThat(((EmitException) e).failedCount()).isEqualTo(2));
        emitter.flush();
        assertThat(producer.history()).hasSize(3);
    }

    @Test
    void anAsyncFailureSurfacesOnClose() {
        emitter.access(access("e-1", "emp-1001"));
        producer.errorNext(new TimeoutException("expired"));

        assertThatThrownBy(emitter::close)
                .isInstanceOf(EmitException.class)
                .hasMessageContaining("1 event was not delivered");
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void closeFlushesPendingEvents() {
        emitter.access(access("e-1", "emp-1001"));

        emitter.close();

        assertThat(producer.flushed()).isTrue();
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void subjectKeysUseTheConfiguredSecret() {
        assertThat(emitter.subjectKey("cust-9")).isEqualTo(SubjectKeys.pseudonymize(SECRET, "cust-9"));

        TransferEmitter withoutSecret = new TransferEmitter(producer, TOPICS, null, Duration.ZERO);
        assertThatThrownBy(() -> withoutSecret.subjectKey("cust-9"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no subject-key secret")
                .hasMessageNotContaining("cust-9");
    }

    @Test
    void producerConfigIsIdempotentAndPassesPropertiesThrough() {
        Map<String, Object> config = TransferEmitter.builder()
                .bootstrapServers("broker-1:9093")
                .property("security.protocol", "SSL")
                .properties(Map.of("linger.ms", 20, "acks", "-1"))
                .producerConfig();

        assertThat(config)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker-1:9093")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20)
                .containsEntry("security.protocol", "SSL");
        assertThat(TransferEmitter.builder().bootstrapServers("b:1").producerConfig())
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5);
    }

    @Test
    void bootstrapServersMayComeFromTheProperties() {
        assertThat(TransferEmitter.builder().property("bootstrap.servers", "b:1").producerConfig())
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "b:1");
        assertThatThrownBy(() -> TransferEmitter.builder().producerConfig())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap servers are required");
    }

    @Test
    void settingsThatWouldLoseEventsAreRejected() {
        for (Map.Entry<String, Object> unsafe : List.<Map.Entry<String, Object>>of(
                Map.entry("acks", "1"), Map.entry("enable.idempotence", false), Map.entry("enable.idempotence", "false"))) {
            assertThatThrownBy(() -> TransferEmitter.builder().bootstrapServers("b:1")
                    .property(unsafe.getKey(), unsafe.getValue()).producerConfig())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(unsafe.getKey() + "=" + unsafe.getValue() + " is not allowed");
        }
        assertThatThrownBy(() -> TransferEmitter.builder().bootstrapServers("b:1")
                .property("value.serializer", StringSerializer.class.getName()).producerConfig())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value.serializer cannot be set");
    }

    @Test
    void aWeakSecretIsRejectedBeforeAnyConnection() {
        assertThatThrownBy(() -> TransferEmitter.builder().bootstrapServers("127.0.0.1:1")
                .subjectKeySecret(new byte[8]).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16 bytes");
    }

    static DataAccessEvent access(String eventId, String principal) {
        return DataAccessEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(Instant.parse("2026-11-27T09:00:00Z"))
                .setPrincipalId(principal)
                .setAuthMethod(AuthMethod.MFA)
                .setAction(AccessAction.READ)
                .setAssetId("crm-db-seoul")
                .setRecordCount(3)
                .setByteCount(3000)
                .setSubjectKeys(List.of(SubjectKeys.pseudonymize(SECRET, "cust-1")))
                .build();
    }

    static ReplicationEvent replication(String eventId, String principal) {
        return ReplicationEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(Instant.parse("2026-11-27T09:00:00Z"))
                .setPrincipalId(principal)
                .setJobId("backup-1")
                .setKind(ReplicationKind.BACKUP)
                .setSourceAssetId("crm-db-seoul")
                .setDestinationAssetId("backup-vault-singapore")
                .setRecordCount(100)
                .setByteCount(100_000)
                .build();
    }
}
