package dev.transfermonitor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code demo --scenario}: named incidents replayed in compressed event time, alerts printed as they come. */
class DemoScenarioIT {

    @TempDir
    Path dir;

    @Test
    void theNamedIncidentsAlertAndNothingElseDoes() {
        CommandLine cli = new CommandLine(new Main());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute(
                "demo",
                "--scenario",
                "insider-bulk-export",
                "--scenario",
                "external-snapshot-share",
                "--data-dir",
                dir.resolve("data").toString());

        String text = out.toString();
        assertThat(exit).as("stderr:\n%s", err).isZero();
        List<String> alertLines =
                text.lines().filter(l -> l.contains("[alert ")).toList();
        assertThat(alertLines)
                .as(text)
                .anySatisfy(l -> assertThat(l).contains("VOLUME_BURST", "emp-1003", "NEW"))
                .anySatisfy(l -> assertThat(l).contains("BASELINE_DEVIATION", "emp-1003"))
                .anySatisfy(l -> assertThat(l).contains("EXTERNAL_TRANSFER", "999988887777"))
                .allSatisfy(l -> assertThat(l).containsAnyOf("emp-1003", "emp-1007"));
        assertThat(text)
                .containsPattern("insider-bulk-export +VOLUME_BURST\\*, BASELINE_DEVIATION +yes")
                .containsPattern("external-snapshot-share +EXTERNAL_TRANSFER\\* +yes")
                .contains("benign events: 20,000, false alerts: 0", "0 to the DLQ")
                .doesNotContain("low-and-slow");
    }
}
