package dev.transfermonitor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.app.Main;
import dev.transfermonitor.app.evaluation.Evaluation;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.simulator.scenarios.PlantedScenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --scenario} and {@code --list-scenarios} of demo and simulate, without a broker. */
class ScenarioOptionsTest {

    @Test
    void bothCommandsListTheScenarios() {
        for (String command : new String[] {"demo", "simulate"}) {
            CommandLine cli = new CommandLine(new Main());
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out));

            assertThat(cli.execute(command, "--list-scenarios")).isZero();
            for (PlantedScenario scenario : PlantedScenario.values()) {
                assertThat(out.toString()).contains(scenario.label() + " ").contains(scenario.summary());
            }
        }
    }

    @Test
    void anUnknownScenarioIsAUsageErrorNamingTheKnownOnes() {
        for (String command : new String[] {"demo", "simulate"}) {
            String err = captureErr(() ->
                    assertThat(Main.run(command, "--scenario", "low-and-fast")).isEqualTo(2));

            assertThat(err).contains("unknown scenario 'low-and-fast'", "low-and-slow", "insider-bulk-export");
        }
    }

    @Test
    void tooShortASpanIsAUsageError() {
        String err = captureErr(() ->
                assertThat(Main.run("simulate", "--evaluate", "--days", "5")).isEqualTo(2));

        assertThat(err).contains("days must be between 12");
    }

    @Test
    void theEvaluationRulesAllowlistTheNightlyJobsAndTheModelFollowsThem() {
        RuleSet rules = Evaluation.rules();
        var model = Evaluation.modelOf(rules);

        assertThat(model.allowlisted("svc-analytics", null)).isTrue();
        assertThat(model.allowlisted("svc-etl", "etl-orders-to-bq-3")).isTrue();
        assertThat(model.allowlisted("svc-backup", "backup-crm-db-seoul-17")).isTrue();
        assertThat(model.allowlisted("svc-etl", "replica-crm-to-marketing-1")).isFalse();
        assertThat(model.allowlisted("emp-1003", null)).isFalse();
        assertThat(model.burstWindow()).isEqualTo(rules.volume().burst().window());
        assertThat(model.burstLimit("PERSONAL").records())
                .isEqualTo(rules.volume().burst().threshold("PERSONAL").records());
        assertThat(model.burstLimit("TELEMETRY").bytes())
                .isEqualTo(rules.volume().burst().fallback().bytes());
        assertThat(model.slowDistinctSubjects()).isEqualTo(rules.volume().slow().distinctSubjects());
        assertThat(model.baselineMinRecords())
                .isEqualTo(rules.volume().baseline().minRecords());
    }

    private static String captureErr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
