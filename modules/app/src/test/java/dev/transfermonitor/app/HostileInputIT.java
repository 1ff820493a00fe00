package dev.transfermonitor.app;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.validate.DeadLetters;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.testkit.HostileRecords;
import dev.transfermonitor.testkit.HostileRecords.Hostile;
import dev.transfermonitor.testkit.KafkaBroker;
import dev.transfermonitor.testkit.References;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten thousand seeded hostile records to the inputs and the reference topics of a running
 * monitor on a real broker: it stays up, accounts for every record, and still alerts afterwards.
 * Replay a failure with {@code -Dhostile.seed=N}.
 */
class HostileInputIT {

    private static final long SEED = Long.getLong("hostile.seed", 20_261_128L);
    private static final int RECORDS = 10_500;
    /** Below the broker's default message.max.bytes (1 MiB + 12), so only the edge cases below probe it. */
    private static final int MAX_VALUE = 1_000_000;

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    @TempDir
    Path dir;

    private Topics topics;
    private Monitor monitor;
    private final DetectionMetrics metrics = DetectionMetrics.inMemory();

    @BeforeEach
    void start() {
        topics = KAFKA.newTopics(2);
        TestSetup.loadSampleCompany(KAFKA, topics);
        monitor = new Monitor(
                TestSetup.monitorConfig(KAFKA, topics, TestSetup.applicationId("it", topics), dir.resolve("state")),
                metrics);
        monitor.start(Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    @Test
    void survivesAStormOfHostileRecordsAndStillAlerts() {
        System.out.println("hostile seed " + SEED + " (replay with -Dhostile.seed=" + SEED + ")");
        KAFKA.send(
                topics.principals(),
                References.principal("emp-after-storm", PrincipalStatus.SUSPENDED)
                        .build());
        Storm storm = new Storm();
        try (Producer<String, byte[]> producer = new KafkaProducer<>(stormProducer())) {
            HostileRecords hostile = new HostileRecords(SEED, Instant.now(), MAX_VALUE);
            for (int i = 0; i < RECORDS; i++) {
                Hostile h = hostile.next();
                if (!h.input() && h.key() == null) {
                    continue; // a broker refuses keyless records on compacted topics; HostileInputTest covers them
                }
                storm.send(producer, topics.of(h.kind()), h);
                if (i % 500 == 0) {
                    assertThat(monitor.isHealthy())
                            .as("seed %d: healthy after %d records", SEED, i)
                            .isTrue();
                }
            }
            // At the producer's size limit: the dead letter adds headers to a value that only just fit.
            storm.send(
                    producer,
                    topics.access(),
                    new Hostile(
                            RecordKind.ACCESS,
                            "emp-1001",
                            new byte[largestValue(producer)],
                            "garbage at the size limit",
                            false));
            producer.flush();
        }
        System.out.printf(
                "hostile storm: %d input and %d reference records sent, %d refused by the producer or broker%n",
                storm.inputs.get(), storm.references.get(), storm.refused.get());

        // "Processed" is transfer_events_total{outcome="processed"}: validated and passed on to enrichment and the
        // rules.
        await().atMost(Duration.ofSeconds(120))
                .failFast("the monitor stopped", () -> !monitor.isHealthy())
                .untilAsserted(() -> assertThat(processed() + events("dlq")).isEqualTo(storm.inputs.get()));
        int dlq = storm.inputs.get() - (int) processed();
        List<ConsumerRecord<String, byte[]>> dead = KAFKA.readAll(topics.dlq(), dlq, Duration.ofSeconds(60));
        assertThat(dead)
                .as("seed %d: in = processed + dead letters on the topic", SEED)
                .hasSize(dlq);
        assertThat(dead)
                .allSatisfy(r ->
                        assertThat(r.headers().lastHeader(DeadLetters.REASON)).isNotNull());
        assertThat(dead)
                .as("seed %d: dead-letter headers are ours alone, once each", SEED)
                .allSatisfy(r -> {
                    List<String> names = new ArrayList<>();
                    r.headers().forEach(h -> {
                        if (h.key().toLowerCase(Locale.ROOT).startsWith("transfer.dlq.")) {
                            names.add(h.key());
                        }
                    });
                    assertThat(names)
                            .doesNotHaveDuplicates()
                            .isSubsetOf(
                                    DeadLetters.REASON,
                                    DeadLetters.MESSAGE,
                                    DeadLetters.TOPIC,
                                    DeadLetters.PARTITION,
                                    DeadLetters.OFFSET,
                                    DeadLetters.TRUNCATED,
                                    DeadLetters.KEY_TRUNCATED,
                                    DeadLetters.HEADERS_DROPPED);
                });
        assertThat(dead)
                .as("forged dead-letter headers were sent")
                .anySatisfy(r -> assertThat(r.headers().lastHeader("original." + DeadLetters.REASON))
                        .isNotNull());
        assertThat(processed()).as("valid records were processed").isGreaterThan(storm.inputs.get() / 10.0);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(rejectedReference())
                        .as("seed %d: bad reference records counted", SEED)
                        .isEqualTo(storm.badReferences.get()));

        DataAccessEvent after = anAccess()
                .eventId("after-storm-" + SEED)
                .by("emp-after-storm")
                .withCredential(null)
                .at(Instant.now())
                .build();
        KAFKA.send(
                topics.access(),
                after.getPrincipalId(),
                AvroCodec.of(DataAccessEvent.class).encode(after));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(alertsFor(after.getEventId()))
                        .extracting(TransferAlert::getType)
                        .containsExactly(AlertType.INACTIVE_IDENTITY));
        assertThat(monitor.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(monitor.failed()).isFalse();
    }

    /** Sends without waiting; counts what the broker acknowledged, by destination. */
    private static final class Storm {
        final AtomicInteger inputs = new AtomicInteger();
        final AtomicInteger references = new AtomicInteger();
        final AtomicInteger badReferences = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();

        void send(Producer<String, byte[]> producer, String topic, Hostile h) {
            try {
                producer.send(new ProducerRecord<>(topic, null, h.key(), h.value(), h.headers()), (metadata, e) -> {
                    if (e != null) {
                        refused.incrementAndGet();
                    } else if (h.input()) {
                        inputs.incrementAndGet();
                    } else {
                        references.incrementAndGet();
                        if (h.rejectedReference()) {
                            badReferences.incrementAndGet();
                        }
                    }
                });
            } catch (KafkaException e) {
                refused.incrementAndGet(); // e.g. larger than max.request.size: never sent
            }
        }
    }

    private Map<String, Object> stormProducer() {
        Map<String, Object> config = KAFKA.producerConfig();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return config;
    }

    /** The largest value the producer takes for key emp-1001, found by asking it: its limit includes its overhead. */
    private int largestValue(Producer<String, byte[]> producer) {
        String scratch = topics.prefix() + "scratch";
        KAFKA.createTopic(scratch, 1, Map.of());
        for (int size = 1024 * 1024; size > 1024 * 1024 - 4096; size -= 16) {
            try {
                producer.send(new ProducerRecord<>(scratch, "emp-1001", new byte[size]))
                        .get();
                return size;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RecordTooLargeException)) {
                    throw new AssertionError("could not send to " + scratch, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the producer took no value near 1 MiB");
    }

    private List<TransferAlert> alertsFor(String eventId) {
        AvroCodec<TransferAlert> codec = AvroCodec.of(TransferAlert.class);
        return TopicReader.readToEnd(KAFKA.consumerConfig(null), topics.alerts()).stream()
                .map(r -> codec.decode(r.value()))
                .filter(a ->
                        a.getEvidence().stream().anyMatch(e -> e.getEventId().equals(eventId)))
                .toList();
    }

    private double processed() {
        return events("processed");
    }

    private double events(String outcome) {
        return metrics.count("transfer.events", "type", "access", "outcome", outcome)
                + metrics.count("transfer.events", "type", "replication", "outcome", outcome);
    }

    private double rejectedReference() {
        double sum = 0;
        for (RecordKind kind : List.of(
                RecordKind.ASSET,
                RecordKind.REGION,
                RecordKind.NETWORK,
                RecordKind.PRINCIPAL,
                RecordKind.CREDENTIAL,
                RecordKind.POLICY)) {
            sum += metrics.count(
                    "transfer.reference.rejected", "kind", kind.name().toLowerCase(Locale.ROOT));
        }
        return sum;
    }
}
