package dev.transfermonitor.app.cli;

import static dev.transfermonitor.app.config.SettingsRegistry.APPLICATION_ID;
import static dev.transfermonitor.app.config.SettingsRegistry.LEDGER_SIGNING_KEY;
import static dev.transfermonitor.app.config.SettingsRegistry.METRICS_PORT;
import static dev.transfermonitor.app.config.SettingsRegistry.RULES_FILE;
import static dev.transfermonitor.app.config.SettingsRegistry.SOURCES;
import static dev.transfermonitor.app.config.SettingsRegistry.SOURCES_TRACK_KEYS;
import static dev.transfermonitor.app.config.SettingsRegistry.STATE_DIR;

import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.SigningKeys;
import dev.transfermonitor.app.http.MetricsServer;
import dev.transfermonitor.app.http.Observability;
import dev.transfermonitor.app.kafka.TopicAdmin;
import dev.transfermonitor.app.sandbox.Sandbox;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.reference.ReferenceData;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer-monitor run}: the monitor as a long-running service. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the monitor against a Kafka cluster until stopped (Ctrl-C or SIGTERM).",
            "Creates missing topics (create.topics=true), reads reference data from the compacted reference "
                    + "topics, and writes alerts, the ledger and dead letters to their topics.",
            "With --embedded-broker it starts its own single-node broker instead, loads the sample company's "
                    + "reference data and listens on 127.0.0.1:--port, so produce and alerts can reach it."
        })
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--embedded-broker", description = "Start a single-node Kafka broker inside this process.")
    boolean embeddedBroker;

    @Option(
            names = "--port",
            defaultValue = "9092",
            description = "Port of the embedded broker (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Where the embedded broker and the monitor's state live (default: a new temporary directory).")
    Path dataDir;

    @Option(
            names = "--no-sample-data",
            description = "With --embedded-broker: do not load the sample company's reference data.")
    boolean noSampleData;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "Port of /metrics, /health and /ready (default: 9464, or metrics.port; 0 picks a free one).")
    Integer metricsPort;

    @Option(
            names = "--rules",
            paramLabel = "FILE",
            description = "Rules file (YAML; also rules.file). With --embedded-broker the sample company's rules are "
                    + "the default.")
    String rulesFile;

    @Option(
            names = "--application-id",
            paramLabel = "ID",
            description = "Kafka Streams application id (default: transfer-monitor).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state directory.")
    Path stateDir;

    @Option(
            names = "--sources",
            split = ",",
            paramLabel = "SOURCE",
            completionCandidates = IngestCommand.SourceNames.class,
            description = "Also map the raw audit-log topics of these sources (${COMPLETION-CANDIDATES}; also "
                    + "sources): transfer.source.SOURCE.v1, values as Kafka Connect, Firehose or EventBridge write "
                    + "them (one record, a Records batch or JSON lines per message, any key), into the input topics, "
                    + "exactly-once with the rest.")
    List<String> sources;

    @Option(
            names = "--track-keys",
            description = "With --sources: turn IAM key lifecycle records into credential updates (also "
                    + "sources.track.keys).")
    boolean trackKeys;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> flags = new LinkedHashMap<>();
        if (applicationId != null) {
            flags.put(APPLICATION_ID.key(), applicationId);
        }
        if (stateDir != null) {
            flags.put(STATE_DIR.key(), stateDir.toString());
        }
        if (rulesFile != null) {
            flags.put(RULES_FILE.key(), rulesFile);
        }
        if (metricsPort != null) {
            flags.put(METRICS_PORT.key(), metricsPort.toString());
        }
        if (sources != null) {
            flags.put(SOURCES.key(), String.join(",", sources));
        }
        if (trackKeys) {
            flags.put(SOURCES_TRACK_KEYS.key(), "true");
        }
        try (GracefulStop stop = new GracefulStop()) {
            if (!embeddedBroker) {
                MonitorConfig config = connection.config(flags);
                if (config.createTopics()) {
                    TopicAdmin.ensureTopics(config);
                }
                return serve(config, stop, out);
            }
            Sandbox.Builder builder = Sandbox.builder()
                    .dataDir(dataDir)
                    .port(port)
                    .configuredBy(connection::config)
                    .reference(noSampleData ? List.of() : ReferenceData.bundled());
            flags.forEach(builder::setting);
            // The sample rules go with the sample data, below a rules file the configuration names.
            if (rulesFile == null
                    && (noSampleData || connection.settings(Map.of()).get(RULES_FILE.key()) != null)) {
                builder.setting(RULES_FILE.key(), connection.settings(Map.of()).get(RULES_FILE.key()));
            }
            try (Sandbox sandbox = builder.start()) {
                out.printf("Embedded Kafka broker at %s (data in %s)%n", sandbox.bootstrapServers(), sandbox.dir());
                if (!noSampleData) {
                    out.printf("Loaded the sample company's reference data: %s%n", sandbox.referenceLoaded());
                }
                Path sandboxKey = sandbox.dir().resolve(Sandbox.SIGNING_KEY_FILE);
                if (sandboxKey.toString().equals(sandbox.settings().get(LEDGER_SIGNING_KEY.key()))) {
                    out.printf(
                            "Ledger signed with the sandbox's own key; its public key: %s%n",
                            SigningKeys.publicKeyFile(sandboxKey));
                }
                return serve(sandbox.config(), stop, out);
            }
        }
    }

    /** Until Ctrl-C (130), or until the monitor stops by itself: 0 when it ended, its failure when it failed. */
    private static int serve(MonitorConfig config, GracefulStop stop, PrintWriter out) throws InterruptedException {
        PrometheusMeterRegistry registry = Observability.prometheusRegistry();
        try (Monitor monitor = new Monitor(config, new DetectionMetrics(registry));
                MetricsServer http = MetricsServer.start(
                        config.metricsHost(), config.metricsPort(), registry, monitor::isHealthy, monitor::isReady)) {
            monitor.start(Duration.ofSeconds(60));
            out.printf(
                    "Monitor running as '%s' on %s with rules %s; metrics at http://%s:%d/metrics. "
                            + "Ctrl-C to stop.%n",
                    config.applicationId(),
                    config.bootstrapServers(),
                    config.rules().version(),
                    config.metricsHost(),
                    http.port());
            if (config.ledgerSigner() != null) {
                out.printf(
                        "Signing the ledger: a digest per partition every %s with key %s.%n",
                        config.ledgerSigner().interval().toSeconds() + "s",
                        config.ledgerSigner().keyId());
            }
            if (!config.sources().isEmpty()) {
                out.printf(
                        "Mapping %s into the input topics.%n",
                        String.join(
                                ", ",
                                config.sources().stream()
                                        .map(config.topics()::source)
                                        .toList()));
            }
            out.flush();
            while (!stop.await(Duration.ofMillis(500))) {
                if (monitor.hasStopped()) {
                    if (monitor.failed()) {
                        throw monitor.failure();
                    }
                    return ExitCodes.OK;
                }
            }
            out.println("Stopping...");
            out.flush();
            return ExitCodes.INTERRUPTED;
        }
    }
}
