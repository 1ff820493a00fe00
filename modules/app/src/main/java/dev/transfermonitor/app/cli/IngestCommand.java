package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.ingest.Ingest;
import dev.transfermonitor.app.ingest.IngestInputs;
import dev.transfermonitor.app.ingest.JsonLinesSink;
import dev.transfermonitor.app.ingest.KafkaSink;
import dev.transfermonitor.app.kafka.KafkaAccessException;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.sources.Source;
import dev.transfermonitor.sources.Sources;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code transfer-monitor ingest SOURCE PATH...}: real audit logs in, the monitor's events out. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Reads audit logs as the vendor writes them and sends the transfers they reveal to the monitor's input "
                    + "topics, keyed by principal.",
            "SOURCE: cloudtrail (AWS CloudTrail log files, EventBridge envelopes, JSON lines), gcp-audit (Cloud Audit "
                    + "Logs entries: gcloud logging read --format=json, a log sink's JSON lines or BigQuery rows), "
                    + "pgaudit (PostgreSQL csvlog files with pgaudit's AUDIT lines), azure-storage (Storage resource "
                    + "logs, StorageRead/StorageWrite), azure-activity (the Azure Activity log), snowflake (rows of the "
                    + "ACCOUNT_USAGE views ACCESS_HISTORY, QUERY_HISTORY and DATA_TRANSFER_HISTORY as JSON).",
            "PATH: a log file (gzipped or not: S3 delivers CloudTrail as *.json.gz), a JSON-lines file, a directory "
                    + "(walked recursively for *.json, *.json.gz, *.jsonl, *.ndjson and their .gz, for pgaudit *.csv "
                    + "and *.csv.gz; CloudTrail digest files left out; CloudTrail files in delivery order), or - for "
                    + "standard input.",
            "Every record is mapped (to access and replication events), ignored (an operation that moves no data), "
                    + "a failed call (CloudTrail's errorCode, a non-zero GCP status, a PostgreSQL ERROR, an Azure "
                    + "status of 400 or more, a Snowflake FAIL or ERROR_CODE: it moved nothing) or invalid (not a record of SOURCE, or lacking the fields that name the call, its time "
                    + "and who made it: sent to the dead-letter topic with the reason). The summary counts each, by "
                    + "event name.",
            "Exit codes: 0 every record was read and sent; 1 some records were invalid or a file could not be read "
                    + "to its end (everything else was sent), or the cluster refused; 2 bad options or paths; "
                    + "130 stopped by Ctrl-C."
        },
        footer = {
            "",
            "Examples:",
            "  A trail's S3 tree, copied down:   transfer-monitor ingest cloudtrail AWSLogs/",
            "  What a file maps to:              transfer-monitor ingest cloudtrail --dry-run trail.json.gz",
            "  From a pipe, with key lifecycle:  zcat day.json.gz | transfer-monitor ingest cloudtrail --track-keys -",
            "  GCP audit logs:                   gcloud logging read 'logName:\"cloudaudit.googleapis.com\"' "
                    + "--format=json | transfer-monitor ingest gcp-audit -",
            "  A PostgreSQL log directory:       transfer-monitor ingest pgaudit /var/log/postgresql/",
            "  Snowflake views unloaded as JSON: transfer-monitor ingest snowflake access_history.json"
        })
public final class IngestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(
            index = "0",
            paramLabel = "SOURCE",
            completionCandidates = SourceNames.class,
            description = "The log format: ${COMPLETION-CANDIDATES}.")
    String source;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH", description = "Files, directories, or -.")
    List<String> paths;

    @Option(
            names = "--dry-run",
            description = "Send nothing: print the mapped events as JSON lines on standard output (as produce and "
                    + "replay --events read them), the summary on standard error.")
    boolean dryRun;

    @Option(
            names = "--track-keys",
            description = "Also turn IAM key lifecycle (CreateAccessKey, UpdateAccessKey, DeleteAccessKey) into "
                    + "updates of the credentials topic, so the inactive-identity rule knows real keys without an IAM "
                    + "export. Off by default: the credentials topic may be kept by another system.")
    boolean trackKeys;

    /** For --help and shell completion. */
    static final class SourceNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Sources.NAMES.iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        Source reader;
        try {
            reader = Sources.create(source.toLowerCase(Locale.ROOT), new Sources.Options(trackKeys));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        IngestInputs.Resolved inputs = IngestInputs.resolve(paths, reader.fileSuffixes());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IngestView view = new IngestView(err, System.console() != null, inputs.totalBytes());
        try (GracefulStop stop = new GracefulStop()) {
            Ingest.Result result;
            if (dryRun) {
                result = Ingest.run(inputs, reader, new JsonLinesSink(out), view, stop::isRequested, System.in);
                view.endBar();
                IngestView.summary(err, result, inputs.inputs().size(), inputs.skipped(), null);
            } else {
                MonitorConfig config = connection.clientConfig();
                try (KafkaSink sink = new KafkaSink(config, reader.name())) {
                    result = Ingest.run(inputs, reader, sink, view, stop::isRequested, System.in);
                } catch (RuntimeException e) {
                    throw KafkaAccessException.explained(e, config.clientProperties());
                }
                view.endBar();
                Topics topics = config.topics();
                IngestView.summary(out, result, inputs.inputs().size(), inputs.skipped(), topics.dlq());
                out.printf(
                        Locale.ROOT,
                        "Sent %,d event(s) to %s and %s%s.%n",
                        result.events(),
                        topics.access(),
                        topics.replication(),
                        trackKeys
                                ? String.format(
                                        Locale.ROOT,
                                        ", %,d credential update(s) to %s",
                                        result.credentials(),
                                        topics.credentials())
                                : "");
            }
            boolean clean =
                    result.unreadable().isEmpty() && result.tally().total().invalid() == 0;
            return stop.exitCode(clean ? ExitCodes.OK : ExitCodes.FAILURE);
        }
    }
}
