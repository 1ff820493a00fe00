package dev.transfermonitor.app.evaluation;

import static dev.transfermonitor.testkit.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.simulator.scenarios.Planted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Judging alerts against planted incidents: attribution, detection, delay, false alerts. */
class ScorecardTest {

    private static final Instant T = Instant.parse("2026-11-20T00:00:00Z");
    private static final Planted SLOW = new Planted(
            "low-and-slow",
            "emp-2040",
            "key-emp-2040-api",
            Set.of(AlertType.SLOW_EXFILTRATION, AlertType.INACTIVE_IDENTITY),
            T,
            T.plus(Duration.ofDays(4)),
            "reads slowly",
            AlertType.SLOW_EXFILTRATION,
            T.plus(Duration.ofDays(9)));
    private static final Planted SHARE = new Planted(
            "external-snapshot-share",
            "emp-1007",
            "sso-emp-1007",
            Set.of(AlertType.EXTERNAL_TRANSFER),
            T,
            T,
            "shares",
            AlertType.EXTERNAL_TRANSFER,
            T);

    @Test
    void anIncidentIsDetectedWhenEveryExpectedTypeIsRaisedAndTheDelayIsFromItsPrimaryAlert() {
        Scorecard card = Scorecard.of(
                List.of(SLOW, SHARE),
                List.of(
                        alert("a", AlertType.INACTIVE_IDENTITY, "emp-2040", T, 1),
                        alert(
                                "b",
                                AlertType.SLOW_EXFILTRATION,
                                "emp-2040",
                                T.plus(Duration.ofDays(4)).plus(Duration.ofMinutes(130)),
                                1),
                        alert("c", AlertType.SLOW_EXFILTRATION, "emp-2040", T.plus(Duration.ofDays(5)), 1)),
                1_000_000);

        Scorecard.Row slow = card.rows().get(0);
        assertThat(slow.detected()).isTrue();
        assertThat(slow.delay()).isEqualTo(Duration.ofMinutes(130));
        assertThat(slow.alerts()).hasSize(3);
        Scorecard.Row share = card.rows().get(1);
        assertThat(share.detected()).isFalse();
        assertThat(share.delay()).isNull();
        assertThat(card.falseAlerts()).isEmpty();
        assertThat(card.passed(Duration.ofDays(1), 1)).isFalse();
    }

    @Test
    void revisionsCountOnceAndKeepTheEarliestFirstSeen() {
        Scorecard card = Scorecard.of(
                List.of(SHARE),
                List.of(
                        alert("x", AlertType.EXTERNAL_TRANSFER, "emp-1007", T, 1),
                        alert("x", AlertType.EXTERNAL_TRANSFER, "emp-1007", T.plusSeconds(5), 2)),
                1_000_000);

        assertThat(card.rows().get(0).alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.getFirstSeen()).isEqualTo(T))
                .satisfies(a -> assertThat(a.getRevision()).isEqualTo(2));
        assertThat(card.rows().get(0).delay()).isZero();
        assertThat(card.passed(Duration.ofDays(1), 1)).isTrue();
    }

    @Test
    void oneEpisodeThatSpansTwoIncidentsOfTheSameIdentityExplainsBoth() {
        Planted earlier = new Planted(
                "departed-employee-key",
                "emp-2040",
                "key-emp-2040-api",
                Set.of(AlertType.INACTIVE_IDENTITY),
                T.minus(Duration.ofDays(2)),
                T.minus(Duration.ofDays(2)),
                "exports",
                AlertType.INACTIVE_IDENTITY,
                T.minus(Duration.ofDays(2)));
        TransferAlert episode = alert("a", AlertType.INACTIVE_IDENTITY, "emp-2040", T.minus(Duration.ofDays(2)), 3);
        episode.setLastSeen(T.plus(Duration.ofDays(6)));

        Scorecard card = Scorecard.of(
                List.of(earlier, SLOW),
                List.of(episode, alert("b", AlertType.SLOW_EXFILTRATION, "emp-2040", T.plus(Duration.ofDays(4)), 1)),
                1_000_000);

        assertThat(card.rows())
                .allSatisfy(row ->
                        assertThat(row.detected()).as(row.planted().scenario()).isTrue());
        assertThat(card.falseAlerts()).isEmpty();
    }

    @Test
    void anAlertNoIncidentExplainsIsFalse() {
        Scorecard card = Scorecard.of(
                List.of(SLOW, SHARE),
                List.of(
                        alert("1", AlertType.EXTERNAL_TRANSFER, "emp-1007", T, 1),
                        alert("2", AlertType.SLOW_EXFILTRATION, "emp-2040", T.plus(Duration.ofDays(4)), 1),
                        alert("3", AlertType.INACTIVE_IDENTITY, "emp-2040", T, 1),
                        // the right principal, but a type the incident does not raise
                        alert("4", AlertType.VOLUME_BURST, "emp-1007", T, 1),
                        // the right principal and type, but after the incident ended
                        alert("5", AlertType.SLOW_EXFILTRATION, "emp-2040", T.plus(Duration.ofDays(12)), 1),
                        alert("6", AlertType.BASELINE_DEVIATION, "emp-50042", T, 1)),
                2_000_000);

        assertThat(card.falseAlerts()).extracting(TransferAlert::getAlertId).containsExactly("4", "5", "6");
        assertThat(card.falseAlertsPerMillion()).isEqualTo(1.5);
        assertThat(card.passed(Duration.ofDays(1), 1)).isFalse();
        assertThat(card.passed(Duration.ofDays(1), 2)).isTrue();
    }

    @Test
    void aLateDetectionFails() {
        Scorecard card = Scorecard.of(
                List.of(SLOW),
                List.of(
                        alert("a", AlertType.INACTIVE_IDENTITY, "emp-2040", T, 1),
                        alert("b", AlertType.SLOW_EXFILTRATION, "emp-2040", T.plus(Duration.ofDays(6)), 1)),
                1_000_000);

        assertThat(card.rows().get(0).detected()).isTrue();
        assertThat(card.passed(Duration.ofDays(1), 1)).isFalse();
    }
}
