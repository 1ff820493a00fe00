package dev.transfermonitor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.app.Console;
import dev.transfermonitor.app.Main;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** audit verify and report on the command line: help, times and usage errors (no broker needed). */
class AuditCliTest {

    @Test
    void timesAreInstantsOffsetsDatesNowOrAgo() {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        assertThat(TimeArgument.parse("2026-11-01", now)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(TimeArgument.parse("2026-11-01T09:30:00Z", now)).isEqualTo(Instant.parse("2026-11-01T09:30:00Z"));
        assertThat(TimeArgument.parse("2026-11-01T18:30:00+09:00", now))
                .isEqualTo(Instant.parse("2026-11-01T09:30:00Z"));
        assertThat(TimeArgument.parse("now", now)).isEqualTo(now);
        assertThat(TimeArgument.parse("7d", now)).isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
        assertThatThrownBy(() -> TimeArgument.parse("yesterday", now))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'yesterday' is not a time");
        assertThatThrownBy(() -> TimeArgument.parse("2026-13-01", now)).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void helpExplainsTheChecksTheFormatsAndTheExitCodes() {
        String verify = Console.out(
                () -> assertThat(Main.run("audit", "verify", "--help")).isZero());
        assertThat(verify)
                .contains(
                        "Usage: transfer-monitor audit verify",
                        "--from",
                        "--to",
                        "--audit-topic",
                        "GENESIS",
                        "anchors",
                        "Exit codes",
                        "chain is broken",
                        "--bootstrap-servers");
        String report =
                Console.out(() -> assertThat(Main.run("report", "--help")).isZero());
        assertThat(report)
                .contains(
                        "Usage: transfer-monitor report",
                        "--format",
                        "csv",
                        "json",
                        "html",
                        "--output",
                        "subjects_estimate",
                        "alertsByType",
                        "relative standard error",
                        "Exit codes");
    }

    @Test
    void aBadTimeIsAUsageError() {
        String err =
                Console.err(() -> assertThat(Main.run("audit", "verify", "--from", "last week", "-b", "127.0.0.1:1"))
                        .isEqualTo(ExitCodes.USAGE));
        assertThat(err).contains("'last week' is not a time");
    }

    @Test
    void fromMustBeBeforeToInOneLine() {
        String verify = Console.err(() -> assertThat(
                        Main.run("audit", "verify", "--from", "2026-11-02", "--to", "2026-11-01", "-b", "127.0.0.1:1"))
                .isEqualTo(ExitCodes.USAGE));
        assertThat(verify.strip().lines()).singleElement().asString().contains("--from", "must be before --to");
        String report = Console.err(
                () -> assertThat(Main.run("report", "--from", "2026-11-01", "--to", "2026-11-01", "-b", "127.0.0.1:1"))
                        .isEqualTo(ExitCodes.USAGE));
        assertThat(report.strip().lines()).singleElement().asString().contains("must be before --to");
    }

    @Test
    void reportNeedsAPeriod() {
        String err = Console.err(() -> assertThat(Main.run("report", "--to", "2026-11-01", "-b", "127.0.0.1:1"))
                .isEqualTo(ExitCodes.USAGE));
        assertThat(err).contains("--from");
    }
}
