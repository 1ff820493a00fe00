package dev.transfermonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void theRulesFileKeepsEverySectionAndSourcesAreChecked() throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                version: "t-1"
                unlistedResources:
                  dataClasses: [PERSONAL]
                """);
        MonitorConfig config = MonitorConfig.from(Settings.load(
                null,
                Map.of(),
                Map.of("bootstrap.servers", "b:9092", "rules.file", rules.toString(), "sources", "CloudTrail")));

        assertThat(config.rules().unlistedResourceClasses()).containsExactly("PERSONAL");
        assertThat(config.sources()).containsExactly("cloudtrail");
        assertThat(catchThrowable(() -> MonitorConfig.from(
                        Settings.load(null, Map.of(), Map.of("bootstrap.servers", "b:9092", "sources", "cloudtrial")))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("did you mean 'cloudtrail'");
    }

    @Test
    void flagsOverrideTheEnvironmentWhichOverridesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("tm.properties"), """
                bootstrap.servers=file:9092
                application.id=from-file
                topic.partitions=12
                kafka.security.protocol=SSL
                """);
        Settings s = Settings.load(
                file,
                Map.of("TM_APPLICATION_ID", "from-env", "TM_TOPIC_PARTITIONS", "8", "PATH", "/bin"),
                Map.of("topic.partitions", "3"));

        MonitorConfig config = MonitorConfig.from(s);
        assertThat(config.bootstrapServers()).isEqualTo("file:9092");
        assertThat(config.applicationId()).isEqualTo("from-env");
        assertThat(config.partitions()).isEqualTo(3);
        assertThat(config.kafka()).containsEntry("security.protocol", "SSL");
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
    }

    @Test
    void secretsComeFromFiles() throws Exception {
        Path secret = Files.writeString(
                dir.resolve("jaas"), "org.apache.kafka.common.security.scram.ScramLoginModule required;\n");
        Settings s = Settings.load(
                null,
                Map.of(),
                Map.of(
                        "kafka.sasl.jaas.config",
                        "${file:" + secret + "}",
                        "kafka.client.id",
                        "${file:" + secret + "}"));

        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
        assertThat(s.kafka()).containsEntry("sasl.jaas.config", jaas).containsEntry("client.id", jaas);
    }

    @Test
    void aBadValueReadFromAFileOrTheEnvironmentIsNamedByItsSourceNotShown() throws Exception {
        Path secret = Files.writeString(dir.resolve("port"), "hunter2\n");
        String fromFile = "${file:" + secret + "}";
        Settings s = Settings.load(
                null,
                Map.of(),
                Map.of(
                        "bootstrap.servers",
                        "x:1",
                        "metrics.port",
                        fromFile,
                        "create.topics",
                        fromFile,
                        "commit.interval",
                        fromFile));

        assertThatThrownBy(() -> s.get(SettingsRegistry.METRICS_PORT))
                .isInstanceOf(ConfigException.class)
                .hasMessage("flag for metrics.port: metrics.port must be a whole number, got the contents of ${file:"
                        + secret + "}");
        assertThatThrownBy(() -> s.get(SettingsRegistry.CREATE_TOPICS)).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> s.get(SettingsRegistry.COMMIT_INTERVAL))
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("is not a duration");
        for (Setting<?> setting : List.of(SettingsRegistry.METRICS_PORT, SettingsRegistry.COMMIT_INTERVAL)) {
            for (Throwable t = catchThrowable(() -> s.get(setting)); t != null; t = t.getCause()) {
                assertThat(t.getMessage()).as("%s, in the cause chain", setting).doesNotContain("hunter2");
            }
        }
    }

    @Test
    void anUnknownKeyIsNamedWithItsSource() throws Exception {
        Path file = Files.writeString(dir.resolve("tm.properties"), "bootstrap.server=x:9092\n");

        assertThatThrownBy(() -> Settings.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tm.properties")
                .hasMessageContaining("'bootstrap.server'")
                .hasMessageContaining("did you mean 'bootstrap.servers'?");
        assertThatThrownBy(() -> Settings.load(null, Map.of("TM_BOOTSTRAP_SERVER", "x"), Map.of()))
                .hasMessageContaining("TM_BOOTSTRAP_SERVER");
    }

    @Test
    void badValuesGiveOneClearLine() {
        assertThatThrownBy(() -> MonitorConfig.from(Settings.load(
                        null, Map.of(), Map.of("bootstrap.servers", "x:1", "rules.max.future.skew", "5 minutes"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'5 minutes' is not a duration");
        assertThatThrownBy(() -> MonitorConfig.from(
                        Settings.load(null, Map.of(), Map.of("bootstrap.servers", "x:1", "topic.partitions", "many"))))
                .hasMessageContaining("topic.partitions must be a whole number");
        assertThatThrownBy(() -> MonitorConfig.from(Settings.load(null, Map.of(), Map.of())))
                .hasMessageContaining("no Kafka bootstrap servers");
        assertThatThrownBy(() -> Settings.load(dir.resolve("missing.properties"), Map.of(), Map.of()))
                .hasMessageContaining("missing.properties: cannot read");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(MonitorConfig.from(Settings.load(
                        null,
                        Map.of(),
                        Map.of("bootstrap.servers", "x:1", "commit.interval", "90s", "rules.max.future.skew", "PT5M"))))
                .returns(Duration.ofSeconds(90), MonitorConfig::commitInterval)
                .returns(Duration.ofMinutes(5), c -> c.rules().maxFutureSkew());
        for (String bad : List.of("-5m", "-PT5M", "m")) {
            assertThatThrownBy(() -> MonitorConfig.from(
                            Settings.load(null, Map.of(), Map.of("bootstrap.servers", "x:1", "commit.interval", bad))))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("flag for commit.interval: '" + bad
                            + "' is not a duration (use e.g. 90s, 10m, 2h, 30d or PT5M)");
        }
    }

    @Test
    void theDefaultsAreTheRegistrys() {
        MonitorConfig config = MonitorConfig.from(Settings.load(null, Map.of(), Map.of("bootstrap.servers", "x:1")));

        assertThat(config.applicationId()).isEqualTo("transfer-monitor");
        assertThat(config.partitions()).isEqualTo(6);
        assertThat(config.replicationFactor()).isEqualTo((short) 3);
        assertThat(config.createTopics()).isTrue();
        assertThat(config.streamThreads()).isEqualTo(1);
        assertThat(config.standbyReplicas()).isZero();
        assertThat(config.commitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.metricsHost()).isEqualTo("0.0.0.0");
        assertThat(config.metricsPort()).isEqualTo(9464);
        assertThat(config.topics().prefix()).isEmpty();
        assertThat(config.rules().version()).isEqualTo("builtin-1");
    }
}
