package dev.transfermonitor.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.transfermonitor.app.CliProcess;
import dev.transfermonitor.app.Main;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets given as {@code ${file:...}} and {@code ${env:...}} references reach Kafka and
 * never the output: {@code run} and {@code alerts} as processes over SASL_SSL with the
 * monitor's logging at DEBUG and Kafka's at INFO (which prints every client configuration),
 * their standard output and error checked for the SCRAM password, the key store, key and
 * trust store passwords and the JAAS line. (LogHygieneIT checks subject keys in-process.)
 */
class SecretsSecurityIT {

    @RegisterExtension
    static final SecureKafka KAFKA = SecureKafka.shared();

    private static final String USER = "transfer-monitor";

    @TempDir
    Path dir;

    private final String run = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    private final String applicationId = "tm-" + run + "-app";
    private final Topics topics = Topics.withPrefix("sec-" + run + ".");
    private final List<AclBinding> granted = new ArrayList<>();

    @AfterEach
    void revoke() {
        KAFKA.revoke(granted);
    }

    @Test
    void secretsFromFilesAndTheEnvironmentNeverReachTheOutput() throws Exception {
        String password = KAFKA.createUser(USER);
        granted.addAll(MonitorAcls.allBut(USER, topics.prefix(), applicationId));
        KAFKA.grant(granted);
        TlsFiles tls = KAFKA.tls();
        String jaas = SecureKafka.jaas(USER, password);
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Path jaasFile = Files.writeString(secrets.resolve("jaas"), jaas);
        Path keyPasswordFile = Files.writeString(secrets.resolve("key-password"), tls.clientKeystorePassword());
        Path config = Files.writeString(
                dir.resolve("monitor.properties"),
                String.join(
                        "\n",
                        "bootstrap.servers=" + KAFKA.bootstrapServers(),
                        "topic.prefix=" + topics.prefix(),
                        "topic.partitions=2",
                        "topic.replication.factor=1",
                        "kafka.security.protocol=SASL_SSL",
                        "kafka.sasl.mechanism=SCRAM-SHA-512",
                        "kafka.sasl.jaas.config=${file:" + jaasFile + "}",
                        "kafka.ssl.truststore.location=" + tls.truststore(),
                        "kafka.ssl.truststore.type=PKCS12",
                        "kafka.ssl.truststore.password=${env:KAFKA_TRUSTSTORE_PASSWORD}",
                        "kafka.ssl.keystore.location=" + tls.clientKeystore(),
                        "kafka.ssl.keystore.type=PKCS12",
                        "kafka.ssl.keystore.password=${env:KAFKA_KEYSTORE_PASSWORD}",
                        "kafka.ssl.key.password=${file:" + keyPasswordFile + "}",
                        ""));
        Map<String, String> environment = Map.of(
                "KAFKA_TRUSTSTORE_PASSWORD",
                tls.truststorePassword(),
                "KAFKA_KEYSTORE_PASSWORD",
                tls.clientKeystorePassword(),
                "TM_LOG_LEVEL",
                "DEBUG",
                "TM_KAFKA_LOG_LEVEL",
                "INFO");
        List<String> secretValues = List.of(
                password, tls.truststorePassword(), tls.clientKeystorePassword(), jaas, "password=\"" + password);

        String output;
        try (CliProcess monitor = CliProcess.start(
                dir.resolve("run"),
                environment,
                "run",
                "--config",
                config.toString(),
                "--application-id",
                applicationId,
                "--state-dir",
                dir.resolve("state").toString(),
                "--metrics-port",
                "0")) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> monitor.stdout().contains("Monitor running as")
                            || !monitor.process().isAlive());
            assertThat(monitor.process().isAlive()).as(monitor.stderr()).isTrue();
            assertThat(Main.run(adminCli("reference", "load", "--sample"))).isZero();
            Path events = Files.writeString(
                    dir.resolve("events.jsonl"),
                    ("{\"eventId\":\"sec-1\",\"occurredAt\":\"%s\","
                                    + "\"principalId\":\"emp-2040\",\"credentialId\":\"key-emp-2040-api\",\"authMethod\":\"API_KEY\","
                                    + "\"action\":\"EXPORT\",\"assetId\":\"crm-db-seoul\",\"recordCount\":500,\"byteCount\":250000,"
                                    + "\"clientIp\":\"203.0.113.77\"}%n")
                            .formatted(Instant.now()));
            assertThat(Main.run(adminCli("produce", "--topic", "access", events.toString())))
                    .isZero();
            assertThat(KAFKA.readValues(topics.alerts(), TransferAlert.class, 2))
                    .extracting(TransferAlert::getType)
                    .contains(AlertType.INACTIVE_IDENTITY);
            assertThat(monitor.terminate(30)).as(monitor.stderr()).isIn(0, 143);
            assertThat(monitor.stdout()).contains("Stopping");
            output = monitor.stdout() + monitor.stderr();
        }
        try (CliProcess alerts =
                CliProcess.start(dir.resolve("alerts"), environment, "alerts", "--config", config.toString())) {
            assertThat(alerts.waitFor(60)).as(alerts.stderr()).isZero();
            assertThat(alerts.stdout()).contains("INACTIVE_IDENTITY");
            output += alerts.stdout() + alerts.stderr();
        }

        // Kafka printed every client's configuration, secrets masked; the monitor logged below its default WARN.
        assertThat(output)
                .contains(
                        "sasl.jaas.config = [hidden]",
                        "ssl.truststore.password = [hidden]",
                        "ssl.keystore.password = [hidden]",
                        "ssl.key.password = [hidden]",
                        "INFO  d.t.app.Monitor - Monitor state");
        for (String secret : secretValues) {
            assertThat(output).doesNotContain(secret);
        }
    }

    private String[] adminCli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(KAFKA.adminCliArgs());
        all.addAll(List.of("--topic-prefix", topics.prefix()));
        return all.toArray(String[]::new);
    }
}
