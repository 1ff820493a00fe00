package dev.transfermonitor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Defaults, withers and the validation messages of the simulator options. */
class SimulatorOptionsTest {

    private final SimulatorOptions defaults = SimulatorOptions.defaults();

    @Test
    void defaultsAreTheDemoTimeline() {
        assertThat(defaults.eventsPerSecond()).isEqualTo(20.0);
        assertThat(defaults.offsetOf(Scenario.UNAUTHORIZED_REPLICATION_US)).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.offsetOf(Scenario.DEPARTED_EMPLOYEE_KEY)).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.offsetOf(Scenario.EXTERNAL_SNAPSHOT_SHARE)).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.incidentRepeats()).isEqualTo(3);
        assertThat(defaults.incidentSpacing()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void withersChangeOneThing() {
        assertThat(defaults.withEventsPerSecond(5))
                .isEqualTo(new SimulatorOptions(
                        5,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(15),
                        3,
                        Duration.ofSeconds(2),
                        42));
        assertThat(defaults.withSeed(9).seed()).isEqualTo(9);
        assertThat(defaults.withoutIncidents().incidentRepeats()).isZero();
        assertThat(defaults.withIncidentRepeats(5, Duration.ofMillis(10)).incidentSpacing())
                .isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void rejectsARateOutOfRange() {
        for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 100_001}) {
            assertThatThrownBy(() -> defaults.withEventsPerSecond(rate))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("eventsPerSecond must be above 0 and at most 100000, was ");
        }
        assertThat(defaults.withEventsPerSecond(100_000).eventsPerSecond()).isEqualTo(100_000.0);
    }

    @Test
    void rejectsBadOffsetsNamingTheField() {
        assertThatThrownBy(() -> defaults.withIncidentOffsets(Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unauthorizedReplicationAt must not be negative, was PT-1S");
        assertThatThrownBy(() -> defaults.withIncidentOffsets(Duration.ZERO, null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("departedKeyAt must not be null");
        assertThatThrownBy(() -> defaults.withIncidentOffsets(Duration.ZERO, Duration.ZERO, Duration.ofDays(366)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("externalShareAt must be at most 365 days");
    }

    @Test
    void rejectsBadRepeats() {
        assertThatThrownBy(() -> defaults.withIncidentRepeats(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("incidentRepeats must be between 0 and 1000, was -1");
        assertThatThrownBy(() -> defaults.withIncidentRepeats(2, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("incidentSpacing must be positive, was PT0S");
        assertThatThrownBy(() -> defaults.withIncidentRepeats(2, Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("incidentSpacing must be at most one day");
    }

    @Test
    void benignTrafficHasNoOffset() {
        assertThatThrownBy(() -> defaults.offsetOf(Scenario.BENIGN)).isInstanceOf(IllegalArgumentException.class);
    }
}
