package dev.transfermonitor.detection.volume;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.Harness;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.VolumeSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Distinct subjects over 30 days in daily sketches (threshold 10,000). */
class SlowExfiltrationRuleTest {

    private static final Instant DAY0 = Instant.parse("2026-10-01T00:00:00Z");
    private final Harness tm = Harness.sampleCompany(RuleSet.defaults());

    @AfterEach
    void close() {
        tm.close();
    }

    /** The departed employee's key reads {@code perDay} new customers a day, 20 per read, from abroad. */
    private void scrape(int fromDay, int days, int perDay, int firstCustomer) {
        int customer = firstCustomer;
        int reads = perDay / 20;
        long spacing = 86_400L / reads; // spread over the day, so no 10-minute window holds much
        for (int d = fromDay; d < fromDay + days; d++) {
            for (int read = 0; read < reads; read++) {
                List<String> keys = new ArrayList<>(20);
                for (int k = 0; k < 20; k++) {
                    keys.add("subject-" + customer++);
                }
                Instant at = DAY0.plus(Duration.ofDays(d)).plusSeconds(spacing * read);
                tm.send(anAccess()
                        .by("emp-2040")
                        .withCredential("key-emp-2040-api")
                        .on("crm-db-seoul")
                        .from("203.0.113.77")
                        .records(20)
                        .bytes(20 * 2048)
                        .subjects(keys)
                        .at(at)
                        .build());
            }
        }
    }

    private List<TransferAlert> slow() {
        return tm.alerts().stream()
                .filter(a -> a.getType() == AlertType.SLOW_EXFILTRATION)
                .toList();
    }

    @Test
    void aKeyReadingTwoThousandNewCustomersADayIsCaughtWithinADayOfCrossingTheThreshold() {
        scrape(0, 4, 2_000, 0);
        assertThat(slow()).isEmpty();
        assertThat(tm.alerts()).noneMatch(a -> a.getType() == AlertType.VOLUME_BURST);

        scrape(4, 6, 2_000, 8_000);

        List<TransferAlert> alerts = slow();
        assertThat(alerts).isNotEmpty();
        TransferAlert first = alerts.get(0);
        // 10,000 distinct subjects are reached by the last read of the fifth day (day index 4).
        Instant crossed = DAY0.plus(Duration.ofDays(4)).plusSeconds(864L * 99);
        assertThat(first.getFirstSeen())
                .isAfter(DAY0.plus(Duration.ofDays(4)))
                .isBefore(crossed.plus(Duration.ofDays(1)));
        assertThat(first.getCredentialId()).isEqualTo("key-emp-2040-api");
        assertThat(first.getSummary()).contains("credential key-emp-2040-api", "30 days");
        assertThat(first.getDistinctSubjects()).isBetween(10_000L, 10_700L);
        assertThat(first.getMitreTechniques()).containsExactly("T1030");
        assertThat(tm.alerts()).noneMatch(a -> a.getType() == AlertType.VOLUME_BURST);
    }

    @Test
    void daysOfFewSubjectsStayInTheRecordAndStillAddUpToTheThreshold() {
        VolumeSettings on = VolumeSettings.defaults();
        Harness low = Harness.sampleCompany(RuleSet.defaults()
                .withVolume(new VolumeSettings(
                        on.burst(),
                        new VolumeSettings.Slow(on.slow().horizon(), on.slow().grace(), 150),
                        on.baseline(),
                        on.allowlist(),
                        List.of())));
        try (low) {
            for (int day = 0; day < 3; day++) {
                low.send(read(day, 0, 40, day * 40));
            }
            low.send(read(1, 7200, 20, 1_000)); // late by a day: added to the kept set of day 1

            assertThat(low.store(SlowExfiltrationRule.DAYS))
                    .as("no day had a sketch of its own")
                    .isEmpty();
            assertThat(low.alerts()).noneMatch(a -> a.getType() == AlertType.SLOW_EXFILTRATION);

            low.send(read(3, 0, 20, 2_000)); // 120 + 20 + 20 distinct
            assertThat(low.alerts())
                    .filteredOn(a -> a.getType() == AlertType.SLOW_EXFILTRATION)
                    .first()
                    .satisfies(a -> assertThat(a.getDistinctSubjects()).isBetween(155L, 165L));
            // Only the union of the earlier days, made to judge the threshold, has a store record.
            assertThat(low.store(SlowExfiltrationRule.DAYS).keySet())
                    .as("no day had a sketch of its own")
                    .isNotEmpty()
                    .allMatch(key -> key.endsWith(SlowExfiltrationRule.HORIZON));
        }
    }

    private static DataAccessEvent read(int day, long second, int subjects, int firstCustomer) {
        List<String> keys = new ArrayList<>(subjects);
        for (int k = 0; k < subjects; k++) {
            keys.add("subject-" + (firstCustomer + k));
        }
        return anAccess()
                .by("emp-2040")
                .withCredential("key-emp-2040-api")
                .on("crm-db-seoul")
                .from("203.0.113.77")
                .records(subjects)
                .subjects(keys)
                .at(DAY0.plus(Duration.ofDays(day)).plusSeconds(second))
                .build();
    }

    @Test
    void rereadingTheSameCustomersIsNotExfiltration() {
        for (int day = 0; day < 30; day++) {
            scrape(day, 1, 500, 0); // the same 500 every day
        }

        assertThat(slow()).isEmpty();
    }

    @Test
    void subjectsOlderThanTheHorizonNoLongerCount() {
        scrape(0, 1, 6_000, 0);
        scrape(40, 1, 6_000, 6_000);

        assertThat(slow()).isEmpty();
    }

    @Test
    void aDayThatEndsOutsideTheHorizonIsNotKept() {
        scrape(0, 2, 2_000, 0);
        assertThat(tm.store(SlowExfiltrationRule.DAYS))
                .hasSize(2); // day 0, kept when day 1 began (by key and principal)

        scrape(40, 1, 200, 10_000);

        assertThat(tm.store(SlowExfiltrationRule.DAYS))
                .as("day 0 went, day 1 was never kept")
                .isEmpty();
    }

    @Test
    void lateEventsWithinGraceCountAndLaterOnesAreCountedAsLate() {
        scrape(0, 1, 6_000, 0);
        scrape(2, 1, 3_000, 6_000);
        scrape(1, 1, 2_000, 9_000); // a day late, within the one-day grace: 11,000 in all

        assertThat(tm.alerts()).extracting(TransferAlert::getType).contains(AlertType.SLOW_EXFILTRATION);

        scrape(20, 1, 20, 20_000);
        scrape(10, 1, 20, 30_000); // ten days late
        assertThat(tm.metrics.count("transfer.late.events", "rule", "slow-exfiltration"))
                .isEqualTo(2);
    }

    @Test
    void theConfiguredSketchOfTheRulesHashesStaysWithinThreeStandardErrors() {
        // lgK = 12: relative standard error 1.04 / sqrt(4096) = 1.6%.
        for (int n : new int[] {1_000, 10_000, 100_000, 1_000_000}) {
            HllSketch sketch = new HllSketch(SlowExfiltrationRule.LG_K, TgtHllType.HLL_4);
            List<String> keys = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                keys.add("subject-" + i);
            }
            for (long hash : SlowExfiltrationRule.hashes(keys)) {
                sketch.update(hash);
            }
            assertThat(sketch.getEstimate()).as("n=%d", n).isCloseTo(n, Percentage.withPercentage(3 * 1.63));
            assertThat(sketch.toCompactByteArray().length).isLessThanOrEqualTo(2_800);
        }
    }
}
