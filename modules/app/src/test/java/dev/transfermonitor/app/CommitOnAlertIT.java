package dev.transfermonitor.app;

import static dev.transfermonitor.app.config.SettingsRegistry.COMMIT_INTERVAL;
import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * State writes wait for the commit interval so that they coalesce, but an alert asks for a
 * commit at once: with an interval far longer than the test's patience, the alert is still
 * visible to a read_committed reader within seconds.
 */
class CommitOnAlertIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    @TempDir
    Path dir;

    @Test
    void anAlertIsCommittedAtOnceWhateverTheCommitInterval() {
        Topics topics = KAFKA.newTopics(1);
        TestSetup.loadSampleCompany(KAFKA, topics);
        try (Monitor monitor = new Monitor(
                TestSetup.monitorConfig(
                        KAFKA,
                        topics,
                        TestSetup.applicationId("commit", topics),
                        dir.resolve("state"),
                        // Kafka Streams refuses a commit interval over the transaction timeout.
                        Map.of(COMMIT_INTERVAL.key(), "10m", "kafka.producer.transaction.timeout.ms", "900000")),
                DetectionMetrics.inMemory())) {
            monitor.start(Duration.ofSeconds(60));
            AvroCodec<DataAccessEvent> codec = AvroCodec.of(DataAccessEvent.class);
            KAFKA.send(
                    topics.access(),
                    "emp-2040",
                    codec.encode(anAccess()
                            .eventId("commit-1")
                            .by("emp-2040")
                            .withCredential("key-emp-2040-api")
                            .at(Instant.now())
                            .build()));

            assertThat(KAFKA.readValues(topics.alerts(), TransferAlert.class, 1, Duration.ofSeconds(30)))
                    .extracting(TransferAlert::getType)
                    .contains(AlertType.INACTIVE_IDENTITY);
        }
    }
}
