package dev.transfermonitor.app.cli;

import static dev.transfermonitor.app.config.SettingsRegistry.RULES_FILE;
import static dev.transfermonitor.app.config.SettingsRegistry.STATE_DIR;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.replay.EventFiles;
import dev.transfermonitor.app.sandbox.Sandbox;
import dev.transfermonitor.reference.ReferenceData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replay}'s offline input: JSON-lines files of events, replayed on a broker of the command's own. */
final class EventFileOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--events",
            arity = "1..*",
            paramLabel = "FILE",
            description = "Offline: replay these JSON-lines files of access and replication events (or, with "
                    + "--events-kind cloudtrail, CloudTrail logs) on an embedded broker.")
    List<Path> events;

    @Option(
            names = "--events-kind",
            paramLabel = "KIND",
            defaultValue = "auto",
            description = "With --events: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, a line with jobId or "
                    + "sourceAssetId is a replication, any other an access; cloudtrail: the files are CloudTrail logs, "
                    + "gzipped or not, or directories of them, mapped as ingest maps them).")
    EventFiles.Kind eventsKind;

    @Option(
            names = "--reference",
            paramLabel = "DIR|FILE",
            description = "With --events: reference data to load, as reference load takes it (default: the sample "
                    + "company, whose rules are then the default too).")
    Path reference;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "4",
            description = "With --events: partitions of the input topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    boolean given() {
        return events != null;
    }

    /**
     * The options that go with --events are not given without it, --partitions is sane, and
     * --events goes with neither a topic for the alerts nor a cluster.
     */
    void check(boolean alertsToTopic, boolean bootstrapServersGiven) {
        var parsed = mixee.commandLine().getParseResult();
        if (events == null
                && (reference != null
                        || parsed.hasMatchedOption("--events-kind")
                        || parsed.hasMatchedOption("--partitions"))) {
            throw new ConfigException("--reference, --events-kind and --partitions go with --events");
        }
        if (partitions < 1 || partitions > 1000) {
            throw new ConfigException("--partitions must be between 1 and 1000, got " + partitions);
        }
        if (given() && alertsToTopic) {
            throw new ConfigException("--topic goes to a cluster; with --events the broker is gone when the replay "
                    + "ends (use --output)");
        }
        if (given() && bootstrapServersGiven) {
            throw new ConfigException("--events replays on a broker of its own; leave out --bootstrap-servers");
        }
    }

    /**
     * A sandbox for the files: the --reference data (default: the sample company's, whose rules
     * are then the default below a configured rules.file) on --partitions partitions; its state
     * directory is left to the replay.
     */
    Sandbox sandbox(ConnectionOptions connection) {
        List<ReferenceData.Loaded> data = reference == null ? ReferenceData.bundled() : ReferenceData.load(reference);
        String configured = connection.settings(Map.of()).get(RULES_FILE.key());
        return Sandbox.builder()
                .tempPrefix("transfer-monitor-replay-")
                .partitions(partitions)
                .setting(STATE_DIR.key(), null)
                .configuredBy(connection::config)
                .reference(data)
                .rulesFile(reference == null && configured == null ? MonitorConfig.SAMPLE_RULES : configured)
                .start();
    }
}
