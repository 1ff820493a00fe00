package dev.transfermonitor.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.transfermonitor.app.Console;
import dev.transfermonitor.app.Main;
import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.Settings;
import dev.transfermonitor.app.kafka.KafkaAccessException;
import dev.transfermonitor.app.kafka.TopicAdmin;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The monitor as {@code User:transfer-monitor} with exactly the README's ACLs, over SASL_SSL
 * with exactly-once: enough to create its topics and turn an event into an alert and a
 * ledger entry (no IdempotentWrite on the cluster, no Describe or DescribeConfigs); and
 * without any one of them it stops with an authorization error instead of working on.
 */
class LeastPrivilegeSecurityIT {

    @RegisterExtension
    static final SecureKafka KAFKA = SecureKafka.shared();

    private static final String USER = "transfer-monitor";
    private static String password;

    @TempDir
    Path dir;

    private final List<AclBinding> granted = new ArrayList<>();
    private final String run = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    private final String applicationId = "tm-" + run + "-app";
    private final Topics topics = Topics.withPrefix("lp-" + run + ".");

    @AfterEach
    void revoke() {
        if (!granted.isEmpty()) {
            KAFKA.revoke(granted);
        }
    }

    @Test
    void theReadmeAclsAreEnoughForExactlyOnceOverSaslSsl() {
        grant(MonitorAcls.allBut(USER, topics.prefix(), applicationId));
        MonitorConfig config = config(true);

        TopicAdmin.ensureTopics(config);
        loadSampleReferenceData();
        try (Monitor monitor = new Monitor(config, DetectionMetrics.inMemory())) {
            monitor.start(Duration.ofSeconds(60));
            produceDepartedEmployeeExport();

            List<TransferAlert> alerts = KAFKA.readValues(topics.alerts(), TransferAlert.class, 2);
            assertThat(alerts)
                    .extracting(TransferAlert::getType)
                    .containsExactlyInAnyOrder(AlertType.INACTIVE_IDENTITY, AlertType.CROSS_BORDER_VIOLATION);
            assertThat(KAFKA.readValues(topics.audit(), LedgerEntry.class, 1))
                    .singleElement()
                    .satisfies(entry -> {
                        assertThat(entry.getEventId()).isEqualTo("sec-1");
                        assertThat(entry.getDecision()).isEqualTo(LedgerDecision.DENIED);
                    });
            assertThat(monitor.failed()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(value = MonitorAcls.class, names = "TOPICS_CREATE", mode = EnumSource.Mode.EXCLUDE)
    void withoutAnyOneAclTheMonitorStopsWithAnAuthorizationError(MonitorAcls missing) {
        createTopicsAsAdmin();
        grant(MonitorAcls.allBut(USER, topics.prefix(), applicationId, missing, MonitorAcls.TOPICS_CREATE));
        loadSampleReferenceData();
        produceDepartedEmployeeExport();

        long started = System.nanoTime();
        try (Monitor monitor = new Monitor(config(false), DetectionMetrics.inMemory())) {
            assertThatThrownBy(() -> {
                        monitor.start(Duration.ofSeconds(60));
                        // Some refusals come only with the first records processed (Write on the outputs).
                        await().atMost(Duration.ofSeconds(30)).until(monitor::hasStopped);
                        throw monitor.failure();
                    })
                    .isInstanceOf(KafkaAccessException.class)
                    .hasMessageContaining("user " + USER + " is not authorized to");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void withoutCreateTheMonitorCannotCreateItsTopics() {
        grant(MonitorAcls.allBut(USER, topics.prefix(), applicationId, MonitorAcls.TOPICS_CREATE));

        assertThatThrownBy(() -> TopicAdmin.ensureTopics(config(true)))
                .isInstanceOf(KafkaAccessException.class)
                .hasMessageStartingWith("Kafka: user " + USER + " is not authorized to use");
    }

    @Test
    void producersNeedOnlyWriteOnTheTopicsTheyFeed() throws Exception {
        createTopicsAsAdmin();
        String producer = "producer-" + run;
        String password = KAFKA.createUser(producer);
        grant(MonitorAcls.allow(producer, ResourceType.TOPIC, topics.access(), AclOperation.WRITE));
        grant(MonitorAcls.allow(producer, ResourceType.TOPIC, topics.prefix() + "transfer.ref.", AclOperation.WRITE));
        Path config = dir.resolve("producer.properties");
        List<String> lines = new ArrayList<>(List.of(
                "bootstrap.servers=" + KAFKA.bootstrapServers(),
                "topic.prefix=" + topics.prefix(),
                "create.topics=false"));
        KAFKA.clientSettings(producer, password)
                .forEach((k, v) -> lines.add("kafka." + k + "=" + v.replace("\\", "\\\\")));
        Files.write(config, lines);
        Path access = Files.writeString(
                dir.resolve("access.jsonl"),
                ("{\"eventId\":\"p-1\",\"occurredAt\":\"%s\","
                                + "\"principalId\":\"emp-1001\",\"authMethod\":\"MFA\",\"action\":\"READ\",\"assetId\":\"crm-db-seoul\","
                                + "\"recordCount\":1,\"byteCount\":10}%n")
                        .formatted(Instant.now()));
        Path replication = Files.writeString(
                dir.resolve("replication.jsonl"),
                ("{\"eventId\":\"p-2\",\"occurredAt\":\"%s\","
                                + "\"principalId\":\"svc-etl\",\"jobId\":\"j-1\",\"kind\":\"BACKUP\",\"sourceAssetId\":\"crm-db-seoul\","
                                + "\"recordCount\":1,\"byteCount\":10}%n")
                        .formatted(Instant.now()));

        assertThat(Main.run("reference", "load", "--sample", "--config", config.toString()))
                .isZero();
        assertThat(Main.run("produce", "--topic", "access", "--config", config.toString(), access.toString()))
                .isZero();
        String refused = Console.err(() -> assertThat(Main.run(
                        "produce", "--topic", "replication", "--config", config.toString(), replication.toString()))
                .isEqualTo(1));
        assertThat(refused.lines())
                .containsExactly("transfer-monitor: Kafka: user " + producer + " is not authorized to use topic(s) "
                        + topics.replication());
    }

    private void grant(List<AclBinding> acls) {
        KAFKA.grant(acls);
        granted.addAll(acls);
    }

    private MonitorConfig config(boolean createTopics) {
        if (password == null) {
            password = KAFKA.createUser(USER);
        }
        Map<String, String> flags = new HashMap<>(Map.of(
                "bootstrap.servers",
                KAFKA.bootstrapServers(),
                "application.id",
                applicationId,
                "state.dir",
                dir.resolve("state").toString(),
                "topic.prefix",
                topics.prefix(),
                "topic.partitions",
                "2",
                "topic.replication.factor",
                "1",
                "create.topics",
                Boolean.toString(createTopics),
                "processing.guarantee",
                "exactly_once_v2"));
        KAFKA.clientSettings(USER, password).forEach((k, v) -> flags.put(Settings.KAFKA_PREFIX + k, v));
        return MonitorConfig.from(Settings.load(null, Map.of(), flags));
    }

    private void createTopicsAsAdmin() {
        Map<String, Object> props = KAFKA.adminProperties();
        MonitorConfig adminConfig = MonitorConfig.from(Settings.load(
                null,
                Map.of(),
                Map.of(
                        "bootstrap.servers",
                        props.get("bootstrap.servers").toString(),
                        "topic.prefix",
                        topics.prefix(),
                        "topic.partitions",
                        "2",
                        "topic.replication.factor",
                        "1",
                        "kafka.security.protocol",
                        props.get("security.protocol").toString(),
                        "kafka.sasl.mechanism",
                        props.get("sasl.mechanism").toString(),
                        "kafka.sasl.jaas.config",
                        props.get("sasl.jaas.config").toString())));
        TopicAdmin.ensureTopics(adminConfig);
    }

    private void loadSampleReferenceData() {
        assertThat(Main.run(adminCli("reference", "load", "--sample"))).isZero();
    }

    private void produceDepartedEmployeeExport() {
        Path events = dir.resolve("events.jsonl");
        try {
            Files.writeString(
                    events,
                    ("{\"eventId\":\"sec-1\",\"occurredAt\":\"%s\",\"principalId\":\"emp-2040\","
                                    + "\"credentialId\":\"key-emp-2040-api\",\"authMethod\":\"API_KEY\",\"action\":\"EXPORT\","
                                    + "\"assetId\":\"crm-db-seoul\",\"recordCount\":500,\"byteCount\":250000,\"clientIp\":\"203.0.113.77\"}%n")
                            .formatted(Instant.now()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(Main.run(adminCli("produce", "--topic", "access", events.toString())))
                .isZero();
    }

    private String[] adminCli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(KAFKA.adminCliArgs());
        all.addAll(List.of("--topic-prefix", topics.prefix()));
        return all.toArray(String[]::new);
    }
}
