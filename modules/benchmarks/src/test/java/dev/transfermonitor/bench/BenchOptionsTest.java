package dev.transfermonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsAreTwoMillionEventsOnFourPartitionsAndOneThread() {
        BenchOptions options = BenchOptions.parse(new String[0]);

        assertThat(options.events()).isEqualTo(2_000_000);
        assertThat(options.staff()).isEqualTo(10_000);
        assertThat(options.partitions()).isEqualTo(4);
        assertThat(options.threads()).isEqualTo(1);
        assertThat(options.flink()).isTrue();
        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.only()).isNull();
        assertThat(options.runs("flink-eos-100ms")).isTrue();
    }

    @Test
    void onlyPicksConfigurationsByIdButAlwaysTheRawBytesRow() {
        BenchOptions options = BenchOptions.parse(new String[] {"--only", "eos-1s|latency", "--rounds", "2"});

        assertThat(options.rounds()).isEqualTo(2);
        assertThat(options.runs("full-eos-1s")).isTrue();
        assertThat(options.runs("flink-eos-1s")).isTrue();
        assertThat(options.runs("latency")).isTrue();
        assertThat(options.runs("full-eos-100ms")).isFalse();
        assertThat(options.runs("raw-avro")).isFalse();
        assertThat(options.runs("raw-bytes")).isTrue();
    }

    @Test
    void optionsOverrideTheDefaults() {
        BenchOptions options = BenchOptions.parse(
                new String[] {"--events", "100_000", "--no-flink", "--latency-seconds", "5", "--jfr", "eos.jfr"});

        assertThat(options.events()).isEqualTo(100_000);
        assertThat(options.flink()).isFalse();
        assertThat(options.latencyRun()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.jfr()).isEqualTo(Path.of("eos.jfr"));
    }

    @Test
    void refusesAnUnknownOptionAndTooFewEvents() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--fast"})).hasMessageContaining("--fast");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--events", "10"}))
                .hasMessageContaining("20000");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rounds", "0"}))
                .hasMessageContaining("--rounds");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--only", "("}))
                .hasMessageContaining("--only");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rounds"})).hasMessageContaining("--rounds");
    }
}
