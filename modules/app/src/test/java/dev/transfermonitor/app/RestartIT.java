package dev.transfermonitor.app;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.reference.ReferenceData;
import dev.transfermonitor.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor stops in the middle of a 30-day horizon and starts again on another machine
 * (an empty state directory, so its stores come back from their changelogs): the days it
 * saw before still count, and the low-and-slow key is caught after the restart.
 */
class RestartIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private static final Instant DAY0 =
            Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(10));
    private static final AvroCodec<DataAccessEvent> CODEC = AvroCodec.of(DataAccessEvent.class);

    @TempDir
    Path dir;

    @Test
    void detectionContinuesFromRestoredState() {
        Topics topics = KAFKA.newTopics(2);
        String prefix = topics.prefix();
        for (ReferenceData.Loaded r : ReferenceData.bundled()) {
            KAFKA.send(
                    topics.of(r.kind()),
                    r.key(),
                    r.kind().<SpecificRecord>codec().encode(r.value()));
        }

        try (Monitor first = monitor(prefix, dir.resolve("state-a"))) {
            first.start(Duration.ofSeconds(60));
            scrape(topics, 0, 3); // 6,000 distinct customers: under the 10,000 threshold
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            first.metrics().count("transfer.events", "type", "access", "outcome", "processed") == 300);
        }
        assertThat(alertsOfType(topics, AlertType.SLOW_EXFILTRATION)).isEmpty();

        try (Monitor second = monitor(prefix, dir.resolve("state-b"))) {
            second.start(Duration.ofSeconds(60));
            scrape(topics, 3, 3); // 6,000 more: 10,000 reached on the fifth day, only with the first three days

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(alertsOfType(topics, AlertType.SLOW_EXFILTRATION))
                            .isNotEmpty());
            TransferAlert alert =
                    alertsOfType(topics, AlertType.SLOW_EXFILTRATION).get(0);
            assertThat(alert.getCredentialId()).isEqualTo("key-emp-2040-api");
            assertThat(alert.getDistinctSubjects()).isGreaterThanOrEqualTo(10_000L);
            assertThat(alert.getFirstSeen()).isAfter(DAY0.plus(Duration.ofDays(4)));
        }
    }

    private Monitor monitor(String prefix, Path stateDir) {
        return new Monitor(
                TestSetup.monitorConfig(
                        KAFKA, Topics.withPrefix(prefix), "restart-" + prefix.replace(".", ""), stateDir),
                DetectionMetrics.inMemory());
    }

    /** emp-2040's never-revoked key reads 2,000 new customers a day, 20 per read, spread over the day. */
    private static void scrape(Topics topics, int fromDay, int days) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.producerConfig())) {
            for (int d = fromDay; d < fromDay + days; d++) {
                for (int read = 0; read < 100; read++) {
                    List<String> keys = new ArrayList<>(20);
                    for (int k = 0; k < 20; k++) {
                        keys.add("subject-" + d + "-" + read + "-" + k);
                    }
                    DataAccessEvent event = anAccess()
                            .by("emp-2040")
                            .withCredential("key-emp-2040-api")
                            .on("crm-db-seoul")
                            .from("203.0.113.77")
                            .records(20)
                            .bytes(40_960)
                            .subjects(keys)
                            .at(DAY0.plus(Duration.ofDays(d)).plusSeconds(864L * read))
                            .build();
                    producer.send(new ProducerRecord<>(topics.access(), "emp-2040", CODEC.encode(event)));
                }
            }
            producer.flush();
        }
    }

    /** Every committed alert so far, read up to the end offsets of now. */
    private static List<TransferAlert> alertsOfType(Topics topics, AlertType type) {
        AvroCodec<TransferAlert> codec = AvroCodec.of(TransferAlert.class);
        List<TransferAlert> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KAFKA.consumerConfig(null))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.alerts()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> all.add(codec.decode(r.value())));
            }
        }
        return all.stream().filter(a -> a.getType() == type).toList();
    }
}
