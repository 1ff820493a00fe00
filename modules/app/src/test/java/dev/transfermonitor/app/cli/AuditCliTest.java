package dev.transfermonitor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** audit verify and report on the command line: help, times and usage errors (no broker needed). */
class AuditCliTest {

    @Test
    void timesAreInstantsOffsetsOrDates() {
        assertThat(TimeArgument.parse("2026-11-01")).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(TimeArgument.parse("2026-11-01T09:30:00Z")).isEqualTo(Instant.parse("2026-11-01T09:30:00Z"));
        assertThat(TimeArgument.parse("2026-11-01T18:30:00+09:00")).isEqualTo(Instant.parse("2026-11-01T09:30:00Z"));
        assertThatThrownBy(() -> TimeArgument.parse("yesterday")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'yesterday' is not a time");
        assertThatThrownBy(() -> TimeArgument.parse("2026-13-01")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void helpExplainsTheChecksTheFormatsAndTheExitCodes() {
        String verify = capture(() -> assertThat(Main.run("audit", "verify", "--help")).isZero(), false);
        assertThat(verify).contains("Usage: transfer-monitor audit verify", "--from", "--to", "--audit-topic",
                "GENESIS", "anchors", "Exit codes", "chain is broken", "--bootstrap-servers");
        String report = capture(() -> assertThat(Main.run("report", "--help")).isZero(), false);
        assertThat(report).contains("Usage: transfer-monitor report", "--format", "csv", "json", "html", "--output",
                "subjects_estimate", "alertsByType", "relative standard error", "Exit codes");
    }

    @Test
    void aBadTimeIsAUsageError() {
        String err = capture(() -> assertThat(Main.run("audit", "verify", "--from", "last week", "-b", "127.0.0.1:1"))
                .isEqualTo(Main.CONFIG_ERROR), true);
        assertThat(err).contains("'last week' is not a time");
    }

    @Test
    void fromMustBeBeforeToInOneLine() {
        String verify = capture(() -> assertThat(Main.run("audit", "verify", "--from", "2026-11-02", "--to", "2026-11-01",
                "-b", "127.0.0.1:1")).isEqualTo(Main.CONFIG_ERROR), true);
        assertThat(verify.strip().lines()).singleElement().asString().contains("--from", "must be before --to");
        String report = capture(() -> assertThat(Main.run("report", "--from", "2026-11-01", "--to", "2026-11-01",
                "-b", "127.0.0.1:1")).isEqualTo(Main.CONFIG_ERROR), true);
        assertThat(report.strip().lines()).singleElement().asString().contains("must be before --to");
    }

    @Test
    void reportNeedsAPeriod() {
        String err = capture(() -> assertThat(Main.run("report", "--to", "2026-11-01", "-b", "127.0.0.1:1"))
                .isEqualTo(Main.CONFIG_ERROR), true);
        assertThat(err).contains("--from");
    }

    private static String capture(Runnable action, boolean stderr) {
        PrintStream original = stderr ? System.err : System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        if (stderr) {
            System.setErr(capture);
        } else {
            System.setOut(capture);
        }
        try {
            action.run();
        } finally {
            if (stderr) {
                System.setErr(original);
            } else {
                System.setOut(original);
            }
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
