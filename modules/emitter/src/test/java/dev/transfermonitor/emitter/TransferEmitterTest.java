package dev.transfermonitor.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.avro.Region;
import dev.transfermonitor.events.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The emitter's configuration rules; delivery and failures are tested on a real broker in TransferEmitterIT. */
class TransferEmitterTest {

    private static final Topics TOPICS = Topics.withPrefix("t1.");

    @Test
    void emitRejectsRecordsThatAreNotInputEvents() {
        Region region = Region.newBuilder()
                .setRegionId("aws:us-east-1")
                .setCountryCode("US")
                .build();

        try (TransferEmitter emitter = TransferEmitter.builder()
                .bootstrapServers("127.0.0.1:1")
                .topics(TOPICS)
                .build()) {
            assertThatThrownBy(() -> emitter.emit(region))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Region");
        }
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
        assertThat(TransferEmitter.builder()
                        .property("bootstrap.servers", "b:1")
                        .producerConfig())
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "b:1");
        assertThatThrownBy(() -> TransferEmitter.builder().producerConfig())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap servers are required");
    }

    @Test
    void settingsThatWouldLoseEventsAreRejected() {
        for (Map.Entry<String, Object> unsafe : List.<Map.Entry<String, Object>>of(
                Map.entry("acks", "1"),
                Map.entry("enable.idempotence", false),
                Map.entry("enable.idempotence", "false"))) {
            assertThatThrownBy(() -> TransferEmitter.builder()
                            .bootstrapServers("b:1")
                            .property(unsafe.getKey(), unsafe.getValue())
                            .producerConfig())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(unsafe.getKey() + "=" + unsafe.getValue() + " is not allowed");
        }
        assertThatThrownBy(() -> TransferEmitter.builder()
                        .bootstrapServers("b:1")
                        .property("value.serializer", StringSerializer.class.getName())
                        .producerConfig())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value.serializer cannot be set");
    }

    @Test
    void aWeakSecretIsRejectedBeforeAnyConnection() {
        assertThatThrownBy(() -> TransferEmitter.builder()
                        .bootstrapServers("127.0.0.1:1")
                        .subjectKeySecret(new byte[8])
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16 bytes");
    }
}
