package dev.transfermonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code transfer-monitor demo} as a user runs it: the planted incidents alert, the allowed backups do not. */
class DemoProcessIT {

    @TempDir
    Path dir;

    @Test
    void thePlantedIncidentsAlertAndTheAllowedBackupDoesNot() throws Exception {
        try (CliProcess demo = CliProcess.start(
                dir,
                "demo",
                "--duration",
                "25s",
                "--data-dir",
                dir.resolve("data").toString())) {
            int exit = demo.waitFor(180);
            String out = demo.stdout();
            assertThat(exit).as("exit code; stderr:\n%s", demo.stderr()).isZero();

            List<String> alerts = out.lines()
                    .filter(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT.*\\[alert .*"))
                    .toList();
            assertThat(alerts)
                    .as(out)
                    .anySatisfy(l -> assertThat(l).contains("CROSS_BORDER_VIOLATION", "svc-etl", "to US"))
                    .anySatisfy(l -> assertThat(l).contains("INACTIVE_IDENTITY", "emp-2040", "key-emp-2040-api"))
                    .anySatisfy(l -> assertThat(l).contains("EXTERNAL_TRANSFER", "999988887777"))
                    .noneSatisfy(l -> assertThat(l).contains("backed up"))
                    .noneSatisfy(l -> assertThat(l).contains("svc-backup"));
            assertThat(out).contains("Summary:", "0 to the DLQ");
        }
    }
}
