package dev.transfermonitor.detection.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingTest {

    @Test
    void theBuilderSetsEachPartByName() {
        Finding f = Finding.of(AlertType.VOLUME_BURST, "volume-burst", "VOLUME_BURST|p:emp-42")
                .risk(new Risk.Score(Severity.HIGH, 71))
                .summary("emp-42 moved a lot.")
                .route("KR", "US")
                .dataClasses(List.of("PII"))
                .policy("kr-pii", 3)
                .mitreTechniques(List.of("T1020"))
                .window(Instant.parse("2026-03-02T09:00:00Z"), Instant.parse("2026-03-02T09:10:00Z"))
                .distinctSubjects(12L)
                .totals(5_000L, 9_000L)
                .build();

        assertThat(f)
                .isEqualTo(new Finding(
                        AlertType.VOLUME_BURST,
                        "volume-burst",
                        "VOLUME_BURST|p:emp-42",
                        Severity.HIGH,
                        71,
                        "emp-42 moved a lot.",
                        "KR",
                        "US",
                        List.of("PII"),
                        "kr-pii",
                        3,
                        List.of("T1020"),
                        Instant.parse("2026-03-02T09:00:00Z"),
                        Instant.parse("2026-03-02T09:10:00Z"),
                        12L,
                        5_000L,
                        9_000L));
    }

    @Test
    void whatIsNotSetIsNullOrEmpty() {
        Finding f = Finding.of(AlertType.INACTIVE_IDENTITY, "inactive-identity", "INACTIVE_IDENTITY|emp-7")
                .severity(Severity.MEDIUM)
                .riskScore(40)
                .summary("s")
                .build();

        assertThat(f.dataClasses()).isEmpty();
        assertThat(f.mitreTechniques()).isEmpty();
        assertThat(f.originJurisdiction()).isNull();
        assertThat(f.windowStart()).isNull();
        assertThat(f.totalRecords()).isNull();
        assertThatThrownBy(() -> Finding.of(AlertType.INACTIVE_IDENTITY, "r", "k")
                        .summary("s")
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("severity");
    }

    @Test
    void longSummariesAndKeysAreCut() {
        Finding f = Finding.of(AlertType.VOLUME_BURST, "volume-burst", "VOLUME_BURST|p:" + "x".repeat(3_000))
                .severity(Severity.LOW)
                .summary("y".repeat(3_000))
                .build();

        assertThat(f.summary()).hasSize(Finding.MAX_SUMMARY).endsWith("\u2026");
        assertThat(f.alertKey()).hasSize(Finding.MAX_KEY).contains("#");
    }
}
