package dev.transfermonitor.app.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerIT {

    private static final String TOPIC = "demo.records";
    private static final String GROUP = "demo-group";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @Test
    void keepsItsDataAcrossARestart() throws Exception {
        try (EmbeddedBroker first = EmbeddedBroker.start(dataDir, 0)) {
            assertThat(first.bootstrapServers()).isEqualTo("127.0.0.1:" + first.port());
            assertThat(first.port()).isPositive();
            try (Admin admin = admin(first)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1)))
                        .all()
                        .get(20, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = producer(first)) {
                producer.send(new ProducerRecord<>(TOPIC, "emp-1001", "first run"))
                        .get(20, TimeUnit.SECONDS);
            }
            assertThat(readAll(first, 1)).containsExactly("emp-1001=first run");
            assertThat(consumeAndCommit(first)).isEqualTo(1);
        }

        try (EmbeddedBroker second = EmbeddedBroker.start(dataDir, 0)) {
            assertThat(readAll(second, 1)).containsExactly("emp-1001=first run");
            try (Admin admin = admin(second)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get(20, TimeUnit.SECONDS);
                assertThat(committed.values().stream()
                                .mapToLong(OffsetAndMetadata::offset)
                                .sum())
                        .isEqualTo(1);
            }
            try (KafkaProducer<String, String> producer = producer(second)) {
                producer.send(new ProducerRecord<>(TOPIC, "emp-1002", "second run"))
                        .get(20, TimeUnit.SECONDS);
            }
            assertThat(readAll(second, 2)).containsExactlyInAnyOrder("emp-1001=first run", "emp-1002=second run");
        }
    }

    @Test
    void closeIsIdempotent() {
        EmbeddedBroker broker = EmbeddedBroker.start(dataDir, 0);
        broker.close();
        broker.close();

        assertThat(broker.toString()).contains("closed");
    }

    @Test
    void refusesADirectoryWithOtherFiles() throws IOException {
        Files.writeString(dataDir.resolve("notes.txt"), "not Kafka data");

        assertThatThrownBy(() -> EmbeddedBroker.start(dataDir, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to format");
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files).containsExactly(dataDir.resolve("notes.txt"));
        }
    }

    @Test
    void refusesAPortInUse() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dataDir.resolve("a"), 0)) {
            assertThatThrownBy(() -> EmbeddedBroker.start(dataDir.resolve("b"), broker.port()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + broker.port());
        }
    }

    private static Admin admin(EmbeddedBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(EmbeddedBroker broker) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true),
                new StringSerializer(),
                new StringSerializer());
    }

    /** Reads the topic in a consumer group and commits; returns how many records it read. */
    private static int consumeAndCommit(EmbeddedBroker broker) {
        int read = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        GROUP,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (read < 1 && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(100)).count();
            }
            consumer.commitSync(TIMEOUT);
        }
        return read;
    }

    private static List<String> readAll(EmbeddedBroker broker, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.key() + "=" + record.value());
                }
            }
        }
        return values;
    }
}
