package dev.transfermonitor.detection.volume;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.Harness;
import dev.transfermonitor.detection.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A principal's daily records against its own history (median + 6 MAD, 7 days of history first). */
class BaselineRuleTest {

    private static final Instant DAY0 = Instant.parse("2026-10-01T09:00:00Z");
    private final Harness tm = Harness.sampleCompany(RuleSet.defaults());

    @AfterEach
    void close() {
        tm.close();
    }

    /** svc-analytics reads {@code records} on day {@code day}, in 10 reads an hour apart (no burst). */
    private void day(int day, long records) {
        for (int i = 0; i < 10; i++) {
            tm.send(anAccess()
                    .by("svc-analytics")
                    .on("analytics-bq-seoul")
                    .from("10.3.3.3")
                    .records(records / 10)
                    .at(DAY0.plus(Duration.ofDays(day)).plus(Duration.ofHours(i)))
                    .build());
        }
    }

    private List<TransferAlert> deviations() {
        return tm.alerts().stream()
                .filter(a -> a.getType() == AlertType.BASELINE_DEVIATION)
                .toList();
    }

    @Test
    void aServiceAccountDriftingFarAboveItsHistoryAlerts() {
        SplittableRandom random = new SplittableRandom(7);
        for (int d = 0; d < 14; d++) {
            day(d, 9_000 + random.nextInt(2_000));
        }
        assertThat(deviations()).isEmpty();

        day(14, 200_000);

        assertThat(deviations()).isNotEmpty().first().satisfies(a -> {
            assertThat(a.getPrincipalId()).isEqualTo("svc-analytics");
            assertThat(a.getSummary()).contains("14 days of history");
            assertThat(a.getFirstSeen()).isAfterOrEqualTo(DAY0.plus(Duration.ofDays(14)));
        });
    }

    @Test
    void withoutEnoughHistoryNothingFires() {
        for (int d = 0; d < 3; d++) {
            day(d, 10_000);
        }
        day(3, 500_000);

        assertThat(deviations()).isEmpty();
    }

    @Test
    void oneActiveDayAWeekAgoIsNoHistory() {
        day(0, 100);
        day(7, 30_000); // over the floor; against six empty days and one of 100 it once fired

        assertThat(deviations()).isEmpty();
    }

    @Test
    void aSteadyHistoryThenFifteenTimesAsMuchStillAlerts() {
        for (int d = 0; d < 10; d++) {
            day(d, 10_000);
        }
        day(10, 150_000);

        assertThat(deviations())
                .first()
                .satisfies(a -> assertThat(a.getSummary())
                        .contains("usual 10,000 on an active day", "10 days of history, 10 of them active"));
    }

    @Test
    void aPrincipalActiveOneDayInFourIsJudgedByItsWorkingDays() {
        for (int d = 0; d < 40; d += 4) {
            day(d, 30_000 + d * 100);
        }
        assertThat(deviations()).isEmpty(); // a median of empty days would have made each of them an anomaly

        day(40, 450_000);

        assertThat(deviations()).isNotEmpty();
    }

    @Test
    void ordinaryVariationStaysQuiet() {
        SplittableRandom random = new SplittableRandom(11);
        for (int d = 0; d < 40; d++) {
            day(d, 5_000 + random.nextInt(20_000));
        }

        assertThat(deviations()).isEmpty();
    }
}
