package dev.transfermonitor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.app.Console;
import dev.transfermonitor.app.Main;
import dev.transfermonitor.app.config.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay's options: every mistake is one clear line and exit code 2, before Kafka is asked anything. */
class ReplayCommandTest {

    /** Nothing listens here: a test that reached Kafka would fail differently. */
    private static final String NO_BROKER = "127.0.0.1:1";

    @TempDir
    Path dir;

    @Test
    void helpExplainsPeriodReferenceDataAndCleanUp() {
        String out = Console.out(() -> assertThat(Main.run("replay", "--help")).isZero());
        assertThat(out)
                .contains(
                        "Usage: transfer-monitor replay",
                        "--from",
                        "--to",
                        "--compare",
                        "--events",
                        "record timestamp",
                        "reference topics as it is now",
                        "removes them");
    }

    @Test
    void fromAfterToIsAnError() {
        assertConfigError(
                "--from (2026-11-02T00:00:00Z) must be before --to (2026-11-01T00:00:00Z)",
                "replay",
                "-b",
                NO_BROKER,
                "--from",
                "2026-11-02",
                "--to",
                "2026-11-01");
    }

    @Test
    void aBadTimeIsAnError() {
        assertConfigError("--to: 'yesterday' is not a time", "replay", "-b", NO_BROKER, "--to", "yesterday");
    }

    @Test
    void outputAndTopicTogetherAreAnError() {
        assertConfigError(
                "give --output or --topic, not both",
                "replay",
                "-b",
                NO_BROKER,
                "--output",
                dir.resolve("a.jsonl").toString(),
                "--topic",
                "mine");
    }

    @Test
    void anUnknownRulesFileIsAnError() {
        Path missing = dir.resolve("missing.yaml");
        String err = Console.err(() -> assertThat(Main.run("replay", "-b", NO_BROKER, "--rules", missing.toString()))
                .isEqualTo(ExitCodes.USAGE));
        assertThat(err.strip().lines()).singleElement().asString().contains("missing.yaml");
    }

    @Test
    void offlineAlertsCannotGoToATopicOfABrokerThatIsGone() throws Exception {
        Path events = Files.writeString(dir.resolve("events.jsonl"), "");
        assertConfigError("use --output", "replay", "--events", events.toString(), "--topic", "mine");
    }

    @Test
    void compareNeedsRules() {
        assertConfigError("--compare needs --rules FILE", "replay", "-b", NO_BROKER, "--compare");
    }

    @Test
    void theMonitorsOwnTopicsAreNotAnOutput() {
        assertConfigError(
                "one of the monitor's own topics", "replay", "-b", NO_BROKER, "--topic", "transfer.alerts.v1");
    }

    @Test
    void aBadEventLineNamesFileAndLineBeforeAnythingStarts() throws Exception {
        Path events = Files.writeString(dir.resolve("events.jsonl"), """
                {"eventId":"e-1","occurredAt":"2026-11-27T10:00:00Z","principalId":"emp-1","authMethod":"MFA","action":"READ","assetId":"a","recordCount":1,"byteCount":1}
                {"eventId":"e-2","occurredAt":"2026-11-27T10:00:00Z","principalId":"emp-1","authMethod":"MFA","action":"READ","assetId":"a","recordCount":"many","byteCount":1}
                """);
        assertConfigError("events.jsonl line 2, field 'recordCount'", "replay", "--events", events.toString());
    }

    @Test
    void timesCountBackFromOneClockReadingAndBadOnesNameTheOption() {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        assertThat(TimeArgument.parseOption("--from", "7d", now)).isEqualTo("2026-11-20T12:00:00Z");
        assertThatThrownBy(() -> TimeArgument.parseOption("--to", "soon", now))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--to: 'soon' is not a time");
    }

    @Test
    void progressShowsPercentRateAndEta() {
        ReplayProgress progress = new ReplayProgress(new PrintWriter(new StringWriter()), true, "replay");
        String line = progress.render(250, 1000, 1_000_000_000L);
        assertThat(line).startsWith("replay [").contains(" 25%", "250/1,000", "250 events/s", "ETA 0:03");
    }

    private void assertConfigError(String message, String... args) {
        String err = Console.err(() -> assertThat(Main.run(args)).isEqualTo(ExitCodes.USAGE));
        assertThat(err.strip().lines()).singleElement().asString().contains(message);
    }
}
