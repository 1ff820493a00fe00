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
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.testkit.KafkaBroker;
import dev.transfermonitor.testkit.References;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The monitor as the app runs it, on a real broker: JSON in through the CLI, alerts out. */
class MonitorIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    @TempDir
    Path dir;

    private Topics topics;
    private String prefix;
    private Monitor monitor;
    private final DetectionMetrics metrics = DetectionMetrics.inMemory();

    @BeforeEach
    void start() {
        topics = KAFKA.newTopics(2);
        prefix = topics.prefix();
        assertThat(Main.run(cli("reference", "load", "--sample"))).isZero();
        monitor = new Monitor(
                TestSetup.monitorConfig(KAFKA, topics, TestSetup.applicationId("it", topics), dir.resolve("state")),
                metrics);
        monitor.start(Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    private String[] cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", prefix));
        return all.toArray(String[]::new);
    }

    @Test
    void aJsonLineGivenToProduceBecomesAnAlert() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Files.writeString(events, """
                # the departed employee's never-revoked key, from a hosting provider in the Netherlands
                {"eventId":"it-1","occurredAt":"%s","principalId":"emp-2040","credentialId":"key-emp-2040-api","authMethod":"API_KEY","action":"EXPORT","assetId":"crm-db-seoul","recordCount":500,"byteCount":250000,"clientIp":"203.0.113.77"}
                """.formatted(Instant.now()));

        assertThat(Main.run(cli("produce", "--topic", "access", events.toString())))
                .isZero();

        List<TransferAlert> alerts = KAFKA.readValues(topics.alerts(), TransferAlert.class, 2, Duration.ofSeconds(30));
        assertThat(alerts)
                .extracting(TransferAlert::getType)
                .containsExactlyInAnyOrder(AlertType.INACTIVE_IDENTITY, AlertType.CROSS_BORDER_VIOLATION);
        assertThat(alerts)
                .allSatisfy(a -> assertThat(a.getEvidence())
                        .extracting(e -> e.getEventId())
                        .containsExactly("it-1"));
    }

    @Test
    void everyInputIsProcessedOrADeadLetter() {
        AvroCodec<DataAccessEvent> codec = AvroCodec.of(DataAccessEvent.class);
        byte[] good = codec.encode(anAccess().build());
        byte[] unknownFingerprint = good.clone();
        unknownFingerprint[4] ^= 0x33;
        List<byte[]> bad = List.of(
                "garbage".getBytes(StandardCharsets.UTF_8),
                unknownFingerprint,
                codec.encode(anAccess().on("").build()),
                codec.encode(anAccess().records(-3).build()),
                codec.encode(
                        anAccess().at(Instant.now().plus(Duration.ofDays(3))).build()));
        int goodCount = 25;
        for (int i = 0; i < goodCount; i++) {
            KAFKA.send(
                    topics.access(),
                    "emp-100" + (i % 9 + 1),
                    codec.encode(anAccess()
                            .by("emp-100" + (i % 9 + 1))
                            .at(Instant.now())
                            .build()));
        }
        bad.forEach(bytes -> KAFKA.send(topics.access(), "emp-1001", bytes));

        List<ConsumerRecord<String, byte[]>> dead = KAFKA.readAll(topics.dlq(), bad.size(), Duration.ofSeconds(30));
        assertThat(dead)
                .extracting(r ->
                        new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder(
                        "MALFORMED", "UNKNOWN_SCHEMA", "MISSING_FIELD", "INVALID_FIELD", "FUTURE_TIMESTAMP");
        assertThat(dead).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(bad);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(metrics.count("transfer.events", "type", "access", "outcome", "processed"))
                                .isEqualTo(goodCount));
        assertThat(metrics.count("transfer.events", "type", "access", "outcome", "dlq"))
                .isEqualTo(bad.size());
    }

    @Test
    void aReferenceUpdateTakesEffectWithoutARestart() {
        AvroCodec<DataAccessEvent> codec = AvroCodec.of(DataAccessEvent.class);
        KAFKA.send(
                topics.principals(),
                References.principal("emp-1009", PrincipalStatus.SUSPENDED)
                        .since(Instant.parse("2026-01-01T00:00:00Z"))
                        .build());

        // The global thread applies the update on its own; send reads until one is judged by it.
        AtomicInteger n = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    KAFKA.send(
                            topics.access(),
                            "emp-1009",
                            codec.encode(anAccess()
                                    .eventId("ref-" + n.incrementAndGet())
                                    .by("emp-1009")
                                    .at(Instant.now())
                                    .build()));
                    assertThat(KAFKA.readValues(topics.alerts(), TransferAlert.class, 1, Duration.ofSeconds(2)))
                            .extracting(TransferAlert::getType)
                            .contains(AlertType.INACTIVE_IDENTITY);
                });
        assertThat(monitor.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
}
