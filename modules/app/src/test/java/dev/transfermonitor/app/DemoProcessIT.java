package dev.transfermonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code transfer-monitor demo} as a user runs it: the planted incidents alert, the allowed backups do not. */
class DemoProcessIT {

    @TempDir
    Path dir;

    /** The demo's standard output after a 25 s run with {@code options}, which must exit 0. */
    private String demo(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("demo"));
        args.addAll(List.of(options));
        args.addAll(
                List.of("--duration", "25s", "--data-dir", dir.resolve("data").toString()));
        try (CliProcess demo = CliProcess.start(dir, args.toArray(String[]::new))) {
            int exit = demo.waitFor(180);
            assertThat(exit).as("exit code; stderr:\n%s", demo.stderr()).isZero();
            return demo.stdout();
        }
    }

    private static List<String> alerts(String out) {
        return out.lines()
                .filter(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT.*\\[alert .*"))
                .toList();
    }

    @Test
    void thePlantedIncidentsAlertAndTheAllowedBackupDoesNot() throws Exception {
        String out = demo();
        assertThat(alerts(out))
                .as(out)
                .anySatisfy(l -> assertThat(l).contains("CROSS_BORDER_VIOLATION", "svc-etl", "to US"))
                .anySatisfy(l -> assertThat(l).contains("INACTIVE_IDENTITY", "emp-2040", "key-emp-2040-api"))
                .anySatisfy(l -> assertThat(l).contains("EXTERNAL_TRANSFER", "999988887777"))
                .noneSatisfy(l -> assertThat(l).contains("backed up"))
                .noneSatisfy(l -> assertThat(l).contains("svc-backup"));
        assertThat(out).contains("Summary:", "0 to the DLQ");
    }

    @Test
    void theSameStoryToldAsCloudTrailRecordsAlertsTheSame() throws Exception {
        String out = demo("--source", "cloudtrail");
        assertThat(alerts(out))
                .as(out)
                .anySatisfy(l -> assertThat(l).contains("CROSS_BORDER_VIOLATION", "svc-etl", "replicated", "to US"))
                .anySatisfy(l -> assertThat(l).contains("INACTIVE_IDENTITY", "emp-2040", "AKIAHANBIT2040APIKEY"))
                .anySatisfy(l -> assertThat(l).contains("EXTERNAL_TRANSFER", "emp-1007", "999988887777"))
                .allSatisfy(l -> assertThat(l).containsAnyOf("svc-etl", "emp-2040", "emp-1007"))
                .noneSatisfy(l -> assertThat(l).contains("svc-backup"));
        String sources = out.lines()
                .filter(l -> l.startsWith("cloudtrail records read from the raw topic"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no source summary in:\n" + out));
        String sent = out.lines()
                .filter(l -> l.startsWith("Summary: "))
                .findFirst()
                .orElseThrow()
                .replaceAll("^Summary: (\\d+) events sent.*", "$1");
        assertThat(sources).contains("mapped=" + sent, "invalid=0");
        assertThat(out).contains(sent + " processed, 0 to the DLQ");
    }
}
