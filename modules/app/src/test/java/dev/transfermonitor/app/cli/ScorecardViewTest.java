package dev.transfermonitor.app.cli;

import static dev.transfermonitor.testkit.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.app.evaluation.Scorecard;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.simulator.scenarios.Planted;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scorecard as text: delays, the table of incidents and the false alerts. */
class ScorecardViewTest {

    private static final Instant T = Instant.parse("2026-11-20T00:00:00Z");
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
    void delaysReadEasily() {
        assertThat(ScorecardView.delay(Duration.ZERO)).isEqualTo("+0s");
        assertThat(ScorecardView.delay(Duration.ofSeconds(45))).isEqualTo("+45s");
        assertThat(ScorecardView.delay(Duration.ofMinutes(130))).isEqualTo("+2h 10m");
        assertThat(ScorecardView.delay(Duration.ofMinutes(-80))).isEqualTo("-1h 20m");
        assertThat(ScorecardView.delay(Duration.ofHours(28))).isEqualTo("+1d 4h");
    }

    @Test
    void theTableNamesEachIncidentAndTheFalseAlerts() {
        Scorecard card = Scorecard.of(
                List.of(SHARE),
                List.of(
                        alert("1", AlertType.EXTERNAL_TRANSFER, "emp-1007", T, 1),
                        alert("2", AlertType.VOLUME_BURST, "svc-etl", T, 1)),
                1_000_000);
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);

        ScorecardView.print(card, out);
        ScorecardView.printFalseAlerts(card, out);
        out.flush();

        assertThat(text.toString())
                .contains(
                        "external-snapshot-share",
                        "EXTERNAL_TRANSFER*",
                        "yes",
                        "+0s",
                        "benign events: 1,000,000, false alerts: 1 (1.00 per million)",
                        "VOLUME_BURST svc-etl 2: summary of 2");
    }
}
