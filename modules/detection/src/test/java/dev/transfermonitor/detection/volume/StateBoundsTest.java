package dev.transfermonitor.detection.volume;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.Harness;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.VolumeSettings;
import dev.transfermonitor.testkit.References;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The volume rules' state of one entity stays far below the 1 MiB a changelog record may hold,
 * whatever classes the events and the assets name and however the events are spread in time.
 */
class StateBoundsTest {

    private static final int MIB = 1 << 20;
    private static final Instant MINUTE0 = Instant.parse("2026-11-27T08:00:00Z");
    private Harness tm;

    @AfterEach
    void close() {
        if (tm != null) {
            tm.close();
        }
    }

    /** {@code count} class names of 64 characters, valid syntax. */
    private static List<String> classes(String stem, int count) {
        List<String> classes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = stem + "_" + i + "_";
            classes.add(name + "X".repeat(64 - name.length()));
        }
        return classes;
    }

    private int largestEntityRecord() {
        return tm.store(EntityStates.STORE).values().stream()
                .mapToInt(v -> v.length)
                .max()
                .orElse(0);
    }

    @Test
    void assetsWithFreshClassesFoldIntoOneBucketAndTheRecordStaysSmall() {
        tm = Harness.sampleCompany(RuleSet.defaults());
        // 360 assets of 32 classes each that no vocabulary lists: one access on each, within one minute.
        for (int a = 0; a < 360; a++) {
            tm.reference(References.asset(
                    "flood-" + a,
                    "aws:ap-northeast-2",
                    "111111111111",
                    classes("FLOOD_" + a, 32).toArray(String[]::new)));
            tm.send(anAccess()
                    .by("emp-1001")
                    .withCredential("sso-emp-1001")
                    .on("flood-" + a)
                    .records(10)
                    .at(MINUTE0)
                    .build());
        }

        assertThat(tm.events("access", "processed")).isEqualTo(360);
        assertThat(largestEntityRecord()).isLessThan(4 * 1024); // was over 1 MiB: one bucket per class
        assertThat(tm.metrics.count("transfer.volume.classes.folded", "rule", VolumeBurstRule.ID))
                .isEqualTo(360);
    }

    @Test
    void classesOutsideTheVocabularyAreStillJudgedTogetherByTheFallbackThreshold() {
        tm = Harness.sampleCompany(RuleSet.defaults());
        List<String> unlisted = classes("SECRET_SAUCE", 2);
        tm.reference(
                References.asset("recipes-db", "aws:ap-northeast-2", "111111111111", unlisted.toArray(String[]::new)));

        // The fallback is 100,000 records: two halves in one window cross it.
        tm.send(anAccess()
                .by("emp-1003")
                .withCredential("sso-emp-1003")
                .on("recipes-db")
                .records(60_000)
                .at(MINUTE0)
                .build());
        tm.send(anAccess()
                .by("emp-1003")
                .withCredential("sso-emp-1003")
                .on("recipes-db")
                .records(60_000)
                .at(MINUTE0.plus(Duration.ofMinutes(3)))
                .build());

        List<TransferAlert> bursts = tm.alerts().stream()
                .filter(a -> a.getType() == AlertType.VOLUME_BURST)
                .toList();
        assertThat(bursts).first().satisfies(a -> {
            assertThat(a.getRecordCount()).isEqualTo(120_000); // counted once per transfer, not once per class
            assertThat(a.getDataClasses()).containsExactlyElementsOf(unlisted);
            assertThat(a.getSummary()).contains("outside the rules' vocabulary");
        });
    }

    /**
     * Every part at its largest: 64 classes of 64 characters in the vocabulary, the longest
     * window and grace (each event in a minute of its own, every class every minute, plus
     * UNCLASSIFIED and the fold), a year of baseline history and of slow-exfiltration days.
     */
    @Test
    void theLargestEntityRecordStaysFarBelowTheRecordLimit() {
        List<String> vocabulary = classes("VOCAB", RuleSet.MAX_DATA_CLASSES);
        VolumeSettings on = VolumeSettings.defaults();
        RuleSet rules = RuleSet.defaults()
                .withVolume(new VolumeSettings(
                        new VolumeSettings.Burst(
                                VolumeSettings.Burst.MAX_WINDOW,
                                VolumeSettings.Burst.MAX_GRACE,
                                on.burst().fallback(),
                                Map.of()),
                        new VolumeSettings.Slow(VolumeSettings.Slow.MAX_HORIZON, Duration.ofDays(1), Long.MAX_VALUE),
                        new VolumeSettings.Baseline(366, 7, 6.0, Long.MAX_VALUE),
                        on.allowlist(),
                        List.of()));
        rules = new RuleSet(
                rules.version(),
                Map.of(),
                Set.of(),
                true,
                rules.maxFutureSkew(),
                rules.earliestEventTime(),
                rules.volume(),
                new LinkedHashSet<>(vocabulary),
                true,
                rules.quietPeriod());
        tm = Harness.sampleCompany(rules);
        tm.reference(References.asset(
                "unlisted-db",
                "aws:ap-northeast-2",
                "111111111111",
                classes("UNLISTED", 32).toArray(String[]::new)));
        tm.reference(References.asset("no-class-db", "aws:ap-northeast-2", "111111111111"));

        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            subjects.add(String.format("%064x", i)); // past the exact set: today's subjects are a sketch
        }
        for (int day = 366; day >= 1; day--) {
            tm.send(anAccess()
                    .by("emp-1001")
                    .withCredential("sso-emp-1001")
                    .records(1 + day)
                    .subjects(subjects)
                    .at(MINUTE0.minus(Duration.ofDays(day)))
                    .build());
        }
        int minutes = (int) (VolumeSettings.Burst.MAX_WINDOW.toMinutes() + VolumeSettings.Burst.MAX_GRACE.toMinutes());
        for (int m = 0; m < minutes; m++) {
            Instant at = MINUTE0.plus(Duration.ofMinutes(m));
            tm.send(anAccess()
                    .by("emp-1001")
                    .withCredential("sso-emp-1001")
                    .classes(vocabulary.subList(0, 32).toArray(String[]::new))
                    .subjects(subjects)
                    .at(at)
                    .build());
            tm.send(anAccess()
                    .by("emp-1001")
                    .withCredential("sso-emp-1001")
                    .classes(vocabulary.subList(32, 64).toArray(String[]::new))
                    .at(at)
                    .build());
            tm.send(anAccess()
                    .by("emp-1001")
                    .withCredential("sso-emp-1001")
                    .on("unlisted-db")
                    .at(at)
                    .build());
            tm.send(anAccess()
                    .by("emp-1001")
                    .withCredential("sso-emp-1001")
                    .on("no-class-db")
                    .at(at)
                    .build());
        }

        assertThat(tm.events("access", "processed")).isEqualTo(366 + 4 * minutes);
        int largest = largestEntityRecord();
        // One record holds the principal and its credential: both burst parts at their bound
        // (within a few percent), the other parts a few KB each.
        assertThat(largest)
                .isGreaterThan(2 * Buckets.MAX_ENCODED_BYTES * 9 / 10)
                .isLessThan(2 * (Buckets.MAX_ENCODED_BYTES + 16 * 1024));
        // A full shared record stays far below Kafka's record size.
        assertThat((1 + EntityStates.CREDENTIALS_PER_RECORD) * (Buckets.MAX_ENCODED_BYTES + 16 * 1024))
                .isLessThan(MIB * 3 / 4);
    }

    @Test
    void aPrincipalSharesItsRecordWithItsFirstCredentialsAndFurtherKeysGetTheirOwn() {
        tm = Harness.sampleCompany(RuleSet.defaults());
        for (int key = 1; key <= 5; key++) {
            for (int i = 0; i < 3; i++) {
                tm.send(anAccess()
                        .by("emp-1001")
                        .withCredential("key-" + key)
                        .records(10)
                        .at(MINUTE0.plus(Duration.ofMinutes(key)))
                        .build());
            }
        }

        Map<String, byte[]> records = tm.store(EntityStates.STORE);
        String first = "c:emp-1001" + Entities.PART + "key-";
        assertThat(records.keySet()).containsExactlyInAnyOrder("p:emp-1001", first + "3", first + "4", first + "5");
        EntityStates.Slots shared = EntityStates.Slots.decode(records.get("p:emp-1001"), 3);
        assertThat(shared.slots.keySet()).containsExactlyInAnyOrder("", first + "1", first + "2");
        // The shared credentials keep a burst part (rule 0) each, as the principal does.
        assertThat(shared.slots.values())
                .allSatisfy(parts -> assertThat(parts[0]).isNotNull());
    }

    @Test
    void recordsOfOneEntityFromBeforeSharingAreStillRead() {
        byte[][] parts = {{1, 2}, null, {3}};
        byte[] old = EntityStates.encode(parts);

        EntityStates.Slots record = EntityStates.Slots.decode(old, 3);

        assertThat(record.slots).containsOnlyKeys("");
        assertThat(record.slots.get("")[0]).containsExactly(1, 2);
        EntityStates.Slots back = EntityStates.Slots.decode(EntityStates.Slots.encode(record), 3);
        assertThat(back.slots.get("")[2]).containsExactly(3);
        assertThat(EntityStates.Slots.encode(new EntityStates.Slots())).isNull();
    }

    @Test
    void theWindowsThatBoundTheStateCannotBeSetLonger() {
        VolumeSettings.Threshold t = new VolumeSettings.Threshold(1, 1);
        assertThatThrownBy(() -> new VolumeSettings.Burst(Duration.ofMinutes(61), Duration.ZERO, t, Map.of()))
                .hasMessageContaining("burst.window must be at most 1h");
        assertThatThrownBy(() -> new VolumeSettings.Burst(Duration.ofMinutes(10), Duration.ofMinutes(61), t, Map.of()))
                .hasMessageContaining("burst.grace must be at most 1h");
        assertThatThrownBy(() -> new VolumeSettings.Slow(Duration.ofDays(367), Duration.ofDays(1), 10))
                .hasMessageContaining("slowExfiltration.horizon must be at most 366d");
    }
}
