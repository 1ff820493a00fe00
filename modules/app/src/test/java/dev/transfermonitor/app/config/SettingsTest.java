package dev.transfermonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void flagsOverrideTheEnvironmentWhichOverridesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("tm.properties"), """
                bootstrap.servers=file:9092
                application.id=from-file
                topic.partitions=12
                kafka.security.protocol=SSL
                """);
        Settings s = Settings.load(file, Map.of("TM_APPLICATION_ID", "from-env", "TM_TOPIC_PARTITIONS", "8", "PATH", "/bin"),
                Map.of("topic.partitions", "3"));

        MonitorConfig config = MonitorConfig.from(s);
        assertThat(config.bootstrapServers()).isEqualTo("file:9092");
        assertThat(config.applicationId()).isEqualTo("from-env");
        assertThat(config.partitions()).isEqualTo(3);
        assertThat(config.kafka()).containsEntry("security.protocol", "SSL");
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
    }

    @Test
    void secretsComeFromFilesAndAreMarkedSecret() throws Exception {
        Path secret = Files.writeString(dir.resolve("jaas"), "org.apache.kafka.common.security.scram.ScramLoginModule required;\n");
        Settings s = Settings.load(null, Map.of(), Map.of("kafka.sasl.jaas.config", "${file:" + secret + "}",
                "kafka.client.id", "${file:" + secret + "}"));

        assertThat(s.kafka()).containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        assertThat(s.isSecret("kafka.client.id")).isTrue();
        assertThat(s.isSecret("kafka.ssl.truststore.password")).isTrue();
        assertThat(s.isSecret("kafka.security.protocol")).isFalse();
    }

    @Test
    void anUnknownKeyIsNamedWithItsSource() throws Exception {
        Path file = Files.writeString(dir.resolve("tm.properties"), "bootstrap.server=x:9092\n");

        assertThatThrownBy(() -> Settings.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tm.properties").hasMessageContaining("'bootstrap.server'");
        assertThatThrownBy(() -> Settings.load(null, Map.of("TM_BOOTSTRAP_SERVER", "x"), Map.of()))
                .hasMessageContaining("TM_BOOTSTRAP_SERVER");
    }

    @Test
    void badValuesGiveOneClearLine() {
        assertThatThrownBy(() -> MonitorConfig.from(Settings.load(null, Map.of(),
                Map.of("bootstrap.servers", "x:1", "rules.max.future.skew", "5 minutes"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'5 minutes' is not a duration");
        assertThatThrownBy(() -> MonitorConfig.from(Settings.load(null, Map.of(), Map.of("bootstrap.servers", "x:1", "topic.partitions", "many"))))
                .hasMessageContaining("topic.partitions must be a whole number");
        assertThatThrownBy(() -> MonitorConfig.from(Settings.load(null, Map.of(), Map.of())))
                .hasMessageContaining("no Kafka bootstrap servers");
        assertThatThrownBy(() -> Settings.load(dir.resolve("missing.properties"), Map.of(), Map.of()))
                .hasMessageContaining("missing.properties: cannot read");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(Durations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> Durations.parse("-5m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("m")).isInstanceOf(IllegalArgumentException.class);
    }
}
