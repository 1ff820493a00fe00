package dev.transfermonitor.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.app.CliProcess;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a user sees when the cluster refuses it, with the CLI as a real process: a wrong
 * password, or a user without Read on the alerts topic, ends the command at once with one
 * line on standard error, exit code 1 and no stack trace.
 */
class AccessRefusalSecurityIT {

    @RegisterExtension
    static final SecureKafka KAFKA = SecureKafka.shared();

    /** Far below Kafka's retry and request timeouts (30 s and more): a refusal is not retried. */
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final String run = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    private final Topics topics = Topics.withPrefix("ar-" + run + ".");

    @ParameterizedTest
    @ValueSource(strings = {"create.topics=true", "create.topics=false"})
    void runWithAWrongPasswordStopsAtOnceWithOneLine(String createTopics) throws Exception {
        KAFKA.createUser("transfer-monitor");
        String wrong = "wrong-password-" + run;
        Path config = config("transfer-monitor", wrong, createTopics);

        Result result = cli(
                "run",
                "--config",
                config.toString(),
                "--application-id",
                "tm-" + run + "-app",
                "--state-dir",
                dir.resolve("state").toString(),
                "--metrics-port",
                "0");

        result.assertOneErrorLine(
                1,
                "transfer-monitor: Kafka: authentication failed for user transfer-monitor "
                        + "(SASL/SCRAM-SHA-512): Authentication failed during authentication due to invalid credentials with SASL "
                        + "mechanism SCRAM-SHA-512");
        assertThat(result.stderr + result.stdout).doesNotContain(wrong);
    }

    @Test
    void alertsWithAWrongPasswordStopsAtOnceWithOneLine() throws Exception {
        KAFKA.createUser("soc-reader");
        Result result = cli(
                "alerts",
                "--config",
                config("soc-reader", "not-the-password", "create.topics=false").toString());

        result.assertOneErrorLine(
                1, "transfer-monitor: Kafka: authentication failed for user soc-reader (SASL/SCRAM-SHA-512)");
    }

    @Test
    void onlyAUserWithReadOnTheAlertsTopicReadsTheAlerts() throws Exception {
        KAFKA.createTopics(List.of(topics.alerts()));
        KAFKA.send(topics.alerts(), "a-1", AvroCodec.of(TransferAlert.class).encode(alert("a-1")));
        String outsider = KAFKA.createUser("soc-outsider");
        String reader = KAFKA.createUser("soc-reader");
        // The outsider may read other topics; only the alerts are out of bounds.
        KAFKA.grant(MonitorAcls.allow(
                "soc-outsider", ResourceType.TOPIC, topics.prefix() + "transfer.access", AclOperation.READ));
        KAFKA.grant(MonitorAcls.allow("soc-reader", ResourceType.TOPIC, topics.alerts(), AclOperation.READ));

        Result refused = cli(
                "alerts",
                "--config",
                config("soc-outsider", outsider, "create.topics=false").toString());
        refused.assertOneErrorLine(
                1,
                "transfer-monitor: Kafka: user soc-outsider is not authorized to read " + topics.alerts()
                        + " (needs Read on the topic)");
        assertThat(refused.stdout).isEmpty();

        Result allowed = cli(
                "alerts",
                "--format",
                "json",
                "--config",
                config("soc-reader", reader, "create.topics=false").toString());
        assertThat(allowed.exitCode).as(allowed.stderr).isZero();
        assertThat(allowed.stdout).contains("\"alertId\":\"a-1\"");
    }

    private Result cli(String... args) throws InterruptedException {
        long started = System.nanoTime();
        try (CliProcess process = CliProcess.start(dir.resolve("process"), args)) {
            int exitCode = process.waitFor(60);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new Result(exitCode, process.stdout(), process.stderr(), took);
        }
    }

    private Path config(String user, String password, String createTopics) throws IOException {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", KAFKA.bootstrapServers());
        props.setProperty("topic.prefix", topics.prefix());
        props.setProperty("topic.replication.factor", "1");
        props.setProperty(
                createTopics.substring(0, createTopics.indexOf('=')),
                createTopics.substring(createTopics.indexOf('=') + 1));
        KAFKA.clientSettings(user, password).forEach((k, v) -> props.setProperty("kafka." + k, v));
        Path file = Files.createTempFile(dir, user + "-", ".properties");
        try (var out = Files.newBufferedWriter(file)) {
            props.store(out, null);
        }
        return file;
    }

    private static TransferAlert alert(String id) {
        Instant now = Instant.now();
        return TransferAlert.newBuilder()
                .setAlertId(id)
                .setAlertKey("k-" + id)
                .setRevision(1)
                .setType(AlertType.INACTIVE_IDENTITY)
                .setRuleId("inactive-identity")
                .setRuleVersion("test")
                .setSeverity(Severity.HIGH)
                .setRiskScore(70)
                .setSummary("emp-2040 read crm-db-seoul although departed.")
                .setPrincipalId("emp-2040")
                .setFirstSeen(now)
                .setLastSeen(now)
                .setEventCount(1)
                .setRecordCount(1)
                .setByteCount(1)
                .build();
    }

    private record Result(int exitCode, String stdout, String stderr, Duration took) {

        void assertOneErrorLine(int expectedExit, String expectedStart) {
            List<String> lines = new ArrayList<>(stderr.lines().toList());
            assertThat(lines).as("standard error").singleElement().asString().startsWith(expectedStart);
            assertThat(exitCode).as(stderr).isEqualTo(expectedExit);
            assertThat(took).as("time to exit").isLessThan(PROMPTLY);
            assertThat(stderr).doesNotContain("\tat ", "Exception in thread");
        }
    }
}
