package dev.transfermonitor.app.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.app.cli.EvaluationView;
import dev.transfermonitor.simulator.scenarios.PlantedScenario;
import dev.transfermonitor.simulator.scenarios.Workload;
import dev.transfermonitor.simulator.scenarios.WorkloadOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation end to end, small: 50,000 benign events over the fewest days the rules allow
 * (12 under the default rules) with every incident, through the real monitor on a broker in this
 * JVM, rendered as {@code simulate --evaluate} prints it. Every incident must be detected in time
 * and nothing else may alert.
 */
class EvaluationIT {

    @TempDir
    Path dir;

    @Test
    void everyIncidentIsDetectedAndNothingElseAlerts() throws Exception {
        // 12 days under the default rules; more when the rules' slow-exfiltration threshold is higher.
        int days = Workload.minimumDays(Evaluation.modelOf(Evaluation.rules()));
        WorkloadOptions options = WorkloadOptions.defaults(Instant.now().minus(Duration.ofHours(1)))
                .withBenignEvents(50_000)
                .withStaffPrincipals(200)
                .withDays(days);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        EvaluationView view = new EvaluationView(new PrintWriter(out, true), new PrintWriter(err, true));

        Evaluation.Result result = Evaluation.run(options, dir, view, () -> true);
        view.printResult(result);

        assertThat(result.outcome().sent()).isEqualTo(result.workload().totalEvents());
        assertThat(result.outcome().processed()).isEqualTo(result.outcome().sent());
        assertThat(result.outcome().deadLetters()).isZero();
        assertThat(result.scorecard().rows())
                .extracting(r -> r.planted().scenario())
                .containsExactlyElementsOf(PlantedScenario.labels());
        assertThat(result.scorecard().rows()).allSatisfy(row -> {
            assertThat(row.detected())
                    .as("%s raised %s", row.planted().scenario(), row.raised())
                    .isTrue();
            assertThat(row.delay()).as(row.planted().scenario()).isLessThanOrEqualTo(Evaluation.MAX_DELAY);
        });
        assertThat(result.scorecard().falseAlerts()).as(out.toString()).isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(out.toString()).contains("benign events: 50,000, false alerts: 0", "PASS");
        assertThat(err.toString()).isEmpty();
    }
}
