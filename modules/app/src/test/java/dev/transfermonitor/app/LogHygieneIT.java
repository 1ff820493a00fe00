package dev.transfermonitor.app;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Everything the monitor logs at INFO, Kafka's clients included, holds no secret and no subject key. */
class LogHygieneIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private static final String SECRET = "s3cret-Pa55word-never-logged";
    private static final String SUBJECT_KEY = "subject-key-0f9e8d7c6b5a";

    @TempDir
    Path dir;

    @Test
    void logsCarryNeitherSecretsNorSubjectKeys() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        Level rootLevel = root.getLevel();
        root.addAppender(captured);
        root.setLevel(Level.INFO);
        context.getLogger("org.apache.kafka").setLevel(Level.INFO);
        context.getLogger("dev.transfermonitor").setLevel(Level.DEBUG);
        try {
            Topics topics = KAFKA.newTopics(1);
            String prefix = topics.prefix();
            Path secretFile = Files.writeString(dir.resolve("truststore-password"), SECRET);
            MonitorConfig config = TestSetup.monitorConfig(
                    KAFKA,
                    topics,
                    TestSetup.applicationId("logs", topics),
                    dir.resolve("state"),
                    Map.of("kafka.ssl.truststore.password", "${file:" + secretFile + "}"));
            TestSetup.loadSampleCompany(KAFKA, topics);
            try (Monitor monitor = new Monitor(config, DetectionMetrics.inMemory())) {
                monitor.start(Duration.ofSeconds(60));
                AvroCodec<DataAccessEvent> codec = AvroCodec.of(DataAccessEvent.class);
                KAFKA.send(
                        topics.access(),
                        "emp-2040",
                        codec.encode(anAccess()
                                .by("emp-2040")
                                .withCredential("key-emp-2040-api")
                                .subjects(SUBJECT_KEY)
                                .from("203.0.113.5")
                                .at(Instant.now())
                                .build()));
                KAFKA.send(topics.access(), "emp-1001", new byte[] {1, 2, 3});
                KAFKA.send(topics.principals(), "emp-9", new byte[] {9, 9});
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !KAFKA.readAll(topics.alerts(), 1, Duration.ofSeconds(5))
                                .isEmpty());
                assertThat(KAFKA.readValues(topics.alerts(), TransferAlert.class, 1, Duration.ofSeconds(5))
                                .get(0)
                                .toString())
                        .doesNotContain(SUBJECT_KEY);
            }
        } finally {
            root.detachAppender(captured);
            root.setLevel(rootLevel);
            context.getLogger("org.apache.kafka").setLevel(Level.ERROR);
        }
        assertThat(captured.list).hasSizeGreaterThan(20);
        assertThat(captured.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains(SECRET))
                .noneMatch(m -> m.contains(SUBJECT_KEY))
                .anyMatch(m -> m.contains("ssl.truststore.password = [hidden]"));
    }
}
