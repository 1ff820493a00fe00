package dev.transfermonitor.detection.rulesfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one duration syntax, as the rules file, the configuration and the command line read it. */
class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "90s, PT1M30S",
        "10m, PT10M",
        "10min, PT10M",
        "2h, PT2H",
        "30d, PT720H",
        "250ms, PT0.25S",
        "PT5M, PT5M",
        "pt5m, PT5M",
        "1_000s, PT16M40S"
    })
    void durations(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
        assertThat(Durations.signed(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"10", "5 minutes", "1.5h", "-5m", "P1M", "m", "''", "99999999999999999d"})
    void notDurations(String text) {
        assertThatThrownBy(() -> Durations.signed(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a duration");
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a duration");
    }

    @Test
    void onlyTheRulesFileLetsANegativeOneThroughForItsRecordsToRefuse() {
        assertThat(Durations.signed("-PT5M")).isEqualTo(Duration.ofMinutes(-5));
        assertThatThrownBy(() -> Durations.parse("-PT5M"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a duration such as 90s, 10m, 2h, 30d or PT5M, got \"-PT5M\"");
    }
}
