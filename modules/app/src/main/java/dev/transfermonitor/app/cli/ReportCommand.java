package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.report.ReportCsv;
import dev.transfermonitor.app.report.ReportHtml;
import dev.transfermonitor.app.report.ReportJson;
import dev.transfermonitor.app.report.ReportReader;
import dev.transfermonitor.app.report.TransferReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer-monitor report}: cross-border transfers and alerts of a period, for auditors and regulators. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Reports the cross-border transfers of a period from the ledger (entries whose occurredAt is in "
                    + "[--from, --to)) and the alerts of the period from the alerts topic (each alert id once, at its "
                    + "latest revision, when its firstSeen..lastSeen overlaps the period).",
            "Transfers are grouped by route (origin -> destination jurisdiction), data class, kind, decision "
                    + "(ALLOWED, DENIED, UNKNOWN, EXTERNAL) and legal basis, with counts of transfers, records, bytes "
                    + "and estimated distinct data subjects: the union of the entries' HyperLogLog sketches (lgK 12, "
                    + "relative standard error 1.6%; lower95/upper95 are two standard errors). A transfer of several "
                    + "data classes counts in the group of each; routes and totals count it once. UNKNOWN stands for a "
                    + "location the monitor could not resolve, NONE for an entry without data classes. Subject "
                    + "columns are empty (null) when no entry of a group named subjects (replications do not).",
            "",
            "csv: one table, header first; column section is group, route, total or alert; columns: "
                    + "section, period_start, period_end, origin, destination, data_class, kind, decision, basis, "
                    + "transfers, allowed, denied, unknown, external, records, bytes, subjects_estimate, "
                    + "subjects_lower95, subjects_upper95, alert_type, alerts.",
            "json: one object with period {from, to}, generatedAt, subjectsEstimate {method, relativeStandardError, "
                    + "bounds}, totals {transfers, records, bytes, subjects {estimate, lower95, upper95}}, decisions "
                    + "{ALLOWED, DENIED, UNKNOWN, EXTERNAL}, routes [{origin, destination, allowed, denied, unknown, "
                    + "external, transfers, records, bytes, subjects}], groups [{origin, destination, dataClass, kind, "
                    + "decision, basis, transfers, records, bytes, subjects}], alertsByType {TYPE: n}, alerts, "
                    + "skippedRecords {ledger, alerts}.",
            "html: one self-contained page (no network: inline styles and script) with the period, totals, a "
                    + "route matrix of origin x destination jurisdictions, the tables and the alerts by type.",
            "",
            "T is " + TimeArgument.FORMS + ". The whole ledger and alerts topics are read, committed records only, "
                    + "without a consumer group; undecodable records are skipped, counted in the report and warned "
                    + "about on standard error (run audit verify)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":report written",
            ExitCodes.FAILURE + ":failure, e.g. the cluster cannot be reached or FILE cannot be written",
            ExitCodes.USAGE + ":bad usage or configuration: a bad time, --from not before --to, a missing topic",
            ExitCodes.INTERRUPTED + ":stopped (Ctrl-C) before the end: nothing written"
        })
public final class ReportCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Format {
        csv,
        json,
        html
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "T",
            converter = TimeArgument.class,
            description = "Start of the period (included).")
    Instant from;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "T",
            converter = TimeArgument.class,
            description = "End of the period (excluded).")
    Instant to;

    @Option(
            names = "--format",
            defaultValue = "csv",
            paramLabel = "csv|json|html",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write to FILE instead of standard output.")
    Path output;

    @Option(
            names = "--audit-topic",
            paramLabel = "NAME",
            description = "The ledger topic (default: transfer.audit.v1 behind the topic prefix).")
    String auditTopic;

    @Option(
            names = "--alerts-topic",
            paramLabel = "NAME",
            description = "The alerts topic (default: transfer.alerts.v1 behind the topic prefix).")
    String alertsTopic;

    @Override
    public Integer call() throws IOException {
        if (!from.isBefore(to)) {
            throw new ConfigException("--from (" + from + ") must be before --to (" + to + ")");
        }
        MonitorConfig config = connection.clientConfig();
        PrintWriter err = spec.commandLine().getErr();
        String ledger = auditTopic != null ? auditTopic : config.topics().audit();
        String alerts = alertsTopic != null ? alertsTopic : config.topics().alerts();
        ReportReader.Skipped warn = (topic, partition, offset, reason) -> err.println(
                "warning: skipped an undecodable record at " + topic + "-" + partition + "@" + offset + ": " + reason);
        Optional<TransferReport> read;
        try (GracefulStop stop = new GracefulStop()) {
            read = ReportReader.read(
                    config,
                    ledger,
                    alerts,
                    from,
                    to,
                    stop::isRequested,
                    Progress.toStderr(err, "report").namingTopics(),
                    warn);
            if (read.isEmpty()) {
                err.println("report: stopped before the end; nothing written");
                return ExitCodes.INTERRUPTED;
            }
        }
        TransferReport result = read.get();
        String text = switch (format) {
            case csv -> ReportCsv.render(result);
            case json -> ReportJson.render(result);
            case html -> ReportHtml.render(result);
        };
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            Files.writeString(output, text, StandardCharsets.UTF_8);
            err.printf(
                    Locale.ROOT,
                    "report: %,d transfers, %,d alerts, %s written to %s%n",
                    result.totals().transfers(),
                    result.alerts(),
                    format,
                    output);
        }
        return ExitCodes.OK;
    }
}
