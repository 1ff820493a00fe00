package dev.transfermonitor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.app.Interrupted;
import dev.transfermonitor.app.Main;
import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.reference.ReferenceDataException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The exit codes of every command, in one table: help is 0, an unknown option 2, and each documented
 * code that can be produced without a broker. Port 1 refuses, so a row that reached Kafka would fail.
 */
class ExitCodesTest {

    private static final String NO_BROKER = "127.0.0.1:1";

    /** Every subcommand path of the command line, so a new command cannot miss the table. */
    private static final List<String> COMMANDS = List.of(
            "demo",
            "run",
            "produce",
            "ingest",
            "alerts",
            "reference",
            "reference load",
            "reference regions",
            "reference sample",
            "replay",
            "audit",
            "audit verify",
            "audit export",
            "audit keygen",
            "audit prove",
            "audit check-proof",
            "report",
            "simulate",
            "broker");

    @TempDir
    Path dir;

    private record Row(String what, int exit, List<String> args) {
        Row(String what, int exit, String... args) {
            this(what, exit, List.of(args));
        }
    }

    @Test
    void everyCommandEndsWithItsDocumentedCode() throws IOException {
        Path badLine = Files.writeString(dir.resolve("bad.jsonl"), "{\"eventId\":\"e-1\",\"recordCount\":\"many\"}\n");
        List<Row> rows = new ArrayList<>();
        for (String command : COMMANDS) {
            rows.add(new Row(command + ": --help", ExitCodes.OK, args(command, "--help")));
            rows.add(new Row(command + ": unknown option", ExitCodes.USAGE, args(command, "--no-such-option")));
        }
        rows.add(new Row("top level: --version", ExitCodes.OK, "--version"));
        rows.add(new Row("top level: unknown command", ExitCodes.USAGE, "no-such-command"));
        rows.add(new Row("demo: unknown scenario", ExitCodes.USAGE, "demo", "--scenario", "no-such-scenario"));
        rows.add(new Row("simulate: unknown scenario", ExitCodes.USAGE, "simulate", "--scenario", "no-such-scenario"));
        rows.add(new Row("run: no bootstrap servers", ExitCodes.USAGE, "run"));
        rows.add(new Row(
                "run: missing config file",
                ExitCodes.USAGE,
                "run",
                "--config",
                dir.resolve("absent").toString()));
        rows.add(new Row(
                "produce: a topic only the monitor writes",
                ExitCodes.FAILURE,
                "produce",
                "-b",
                NO_BROKER,
                "--topic",
                "transfer.alerts.v1"));
        rows.add(new Row(
                "produce: a bad line",
                ExitCodes.FAILURE,
                "produce",
                "-b",
                NO_BROKER,
                "--topic",
                "access",
                badLine.toString()));
        rows.add(new Row("produce: no --topic", ExitCodes.USAGE, "produce", "-b", NO_BROKER));
        Path share;
        try (var in = ExitCodesTest.class.getResourceAsStream("/cloudtrail/snapshots/ModifySnapshotAttribute.json")) {
            share = Files.write(dir.resolve("share.json"), in.readAllBytes());
        }
        rows.add(new Row("ingest: unknown source", ExitCodes.USAGE, "ingest", "cloudtrial", share.toString()));
        rows.add(new Row("ingest: no such path", ExitCodes.USAGE, "ingest", "cloudtrail", dir.resolve("absent") + ""));
        rows.add(new Row("ingest: no path", ExitCodes.USAGE, "ingest", "cloudtrail"));
        rows.add(new Row("ingest: a real record", ExitCodes.OK, "ingest", "cloudtrail", "--dry-run", share.toString()));
        rows.add(new Row(
                "ingest: a record that is not CloudTrail",
                ExitCodes.FAILURE,
                "ingest",
                "cloudtrail",
                "--dry-run",
                badLine.toString()));
        rows.add(new Row(
                "reference load: no such directory",
                ExitCodes.USAGE,
                "reference",
                "load",
                "-b",
                NO_BROKER,
                dir.resolve("absent").toString()));
        rows.add(new Row(
                "reference regions: unknown provider", ExitCodes.FAILURE, "reference", "regions", "--provider", "x"));
        rows.add(new Row("reference regions", ExitCodes.OK, "reference", "regions", "--provider", "gcp"));
        rows.add(new Row(
                "reference sample",
                ExitCodes.OK,
                "reference",
                "sample",
                dir.resolve("sample").toString()));
        rows.add(new Row("replay: bad --from", ExitCodes.USAGE, "replay", "-b", NO_BROKER, "--from", "last week"));
        rows.add(new Row("replay: --compare without --rules", ExitCodes.USAGE, "replay", "-b", NO_BROKER, "--compare"));
        rows.add(new Row(
                "audit verify: bad --from", ExitCodes.USAGE, "audit", "verify", "-b", NO_BROKER, "--from", "x"));
        rows.add(new Row(
                "audit verify: --from not before --to",
                ExitCodes.USAGE,
                "audit",
                "verify",
                "-b",
                NO_BROKER,
                "--from",
                "2026-11-02",
                "--to",
                "2026-11-01"));
        rows.add(new Row(
                "audit keygen",
                ExitCodes.OK,
                "audit",
                "keygen",
                dir.resolve("ledger-signing.pem").toString()));
        rows.add(new Row(
                "audit keygen: the key exists",
                ExitCodes.USAGE,
                "audit",
                "keygen",
                dir.resolve("ledger-signing.pem").toString()));
        rows.add(new Row(
                "audit prove: bad --entry", ExitCodes.USAGE, "audit", "prove", "-b", NO_BROKER, "--entry", "x"));
        rows.add(new Row("audit prove: no entry named", ExitCodes.USAGE, "audit", "prove", "-b", NO_BROKER));
        rows.add(new Row(
                "audit prove: --entry and --event-id",
                ExitCodes.USAGE,
                "audit",
                "prove",
                "-b",
                NO_BROKER,
                "--entry",
                "0:1",
                "--event-id",
                "e-1"));
        rows.add(new Row(
                "audit export: a directory that is not empty",
                ExitCodes.USAGE,
                "audit",
                "export",
                "-b",
                NO_BROKER,
                dir.toString()));
        rows.add(new Row(
                "audit verify --files: not an export", ExitCodes.USAGE, "audit", "verify", "--files", dir.toString()));
        rows.add(new Row(
                "audit verify --files with --from",
                ExitCodes.USAGE,
                "audit",
                "verify",
                "--files",
                dir.toString(),
                "--from",
                "2026-11-01"));
        rows.add(new Row(
                "audit check-proof: not a proof",
                ExitCodes.USAGE,
                "audit",
                "check-proof",
                badLine.toString(),
                "--public-key",
                dir.resolve("ledger-signing.pub.pem").toString()));
        rows.add(new Row("report: no --from", ExitCodes.USAGE, "report", "-b", NO_BROKER, "--to", "2026-11-01"));
        rows.add(new Row(
                "report: --from not before --to",
                ExitCodes.USAGE,
                "report",
                "-b",
                NO_BROKER,
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-01"));
        rows.add(new Row("broker: no --data-dir", ExitCodes.USAGE, "broker"));

        SoftAssertions soft = new SoftAssertions();
        for (Row row : rows) {
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(new StringWriter(), true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(row.args().toArray(String[]::new));
            soft.assertThat(exit)
                    .as("%s %s; stderr: %s", row.what(), row.args(), err)
                    .isEqualTo(row.exit());
        }
        soft.assertAll();
    }

    @Test
    void theTableCoversEverySubcommand() {
        List<String> paths = new ArrayList<>();
        collect(Main.commandLine(), "", paths);
        paths.remove("help");
        assertThat(paths).containsExactlyInAnyOrderElementsOf(COMMANDS);
    }

    @Test
    void failuresMapToTheirCodes() {
        ExitCodes codes = new ExitCodes();
        assertThat(codes.getExitCode(new ConfigException("bad"))).isEqualTo(2);
        assertThat(codes.getExitCode(new ReferenceDataException("f", 1, null, "bad")))
                .isEqualTo(2);
        assertThat(codes.getExitCode(new Interrupted("stopped"))).isEqualTo(130);
        assertThat(codes.getExitCode(new InterruptedException())).isEqualTo(130);
        assertThat(codes.getExitCode(new IllegalStateException("broken"))).isEqualTo(1);
        assertThat(List.of(
                        ExitCodes.OK,
                        ExitCodes.FAILURE,
                        ExitCodes.USAGE,
                        ExitCodes.LEDGER_BROKEN,
                        ExitCodes.INTERRUPTED))
                .containsExactly(0, 1, 2, 3, 130);
    }

    private static String[] args(String command, String option) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add(option);
        return args.toArray(String[]::new);
    }

    private static void collect(CommandLine cli, String prefix, List<String> paths) {
        cli.getSubcommands().forEach((name, sub) -> {
            String path = prefix.isEmpty() ? name : prefix + " " + name;
            paths.add(path);
            collect(sub, path, paths);
        });
    }
}
