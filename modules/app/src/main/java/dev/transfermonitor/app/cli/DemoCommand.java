package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.broker.EmbeddedBroker;
import dev.transfermonitor.app.config.Durations;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.Settings;
import dev.transfermonitor.app.kafka.AlertTail;
import dev.transfermonitor.app.kafka.ReferencePublisher;
import dev.transfermonitor.app.kafka.TopicAdmin;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.producers.EventSink;
import dev.transfermonitor.producers.Scenario;
import dev.transfermonitor.producers.Simulator;
import dev.transfermonitor.producers.SimulatorOptions;
import dev.transfermonitor.producers.TransferEmitter;
import dev.transfermonitor.producers.scenarios.Planted;
import dev.transfermonitor.producers.scenarios.Workload;
import dev.transfermonitor.producers.scenarios.WorkloadOptions;
import dev.transfermonitor.reference.ReferenceData;
import io.micrometer.core.instrument.Counter;
import dev.transfermonitor.app.http.MetricsServer;
import dev.transfermonitor.app.http.Observability;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer-monitor demo}: the whole system on one machine, with planted incidents. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Starts a Kafka broker inside this process (no Docker), loads the sample company's reference data "
                    + "(a Korean retailer with assets in Seoul, Singapore, Frankfurt and Virginia), runs the monitor "
                    + "and a traffic simulator, and prints each alert as it happens.",
            "The simulator sends a steady benign mix (domestic reads, Singapore office reads and backups allowed "
                    + "by contract, ETL and service traffic) and plants three incidents: a replication of Korean "
                    + "personal data to aws:us-east-1 that no policy allows, reads by a departed employee's "
                    + "never-revoked key from a foreign address, and a snapshot shared with an account the "
                    + "company does not own.",
            "With --scenario NAME (repeatable, see --list-scenarios) it replays those incidents instead, in compressed "
                    + "event time: the last " + SimulateCommand.SCENARIO_DAYS + " days before today with a benign "
                    + "background, sent as fast as the monitor takes them (under a minute); it prints the alerts as they come, "
                    + "then whether each incident was detected.",
            "Ctrl-C stops everything cleanly."})
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-d", "--duration"}, defaultValue = "10m", paramLabel = "DURATION",
            description = "How long to run, e.g. 60s, 5m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--rate", defaultValue = "20", paramLabel = "EVENTS/S",
            description = "Benign events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the broker and the monitor keep their data (default: a new temporary directory).")
    Path dataDir;

    @Option(names = "--rules", paramLabel = "FILE", defaultValue = MonitorConfig.SAMPLE_RULES,
            description = "Rules file (YAML; default: the sample company's rules, bundled).")
    String rulesFile;

    @Option(names = "--metrics-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of /metrics, /health and /ready on 127.0.0.1 (default: a free one, printed).")
    int metricsPort;

    @Option(names = "--format", defaultValue = "text",
            description = "Alert output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    AlertFormat format;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Replay this incident in compressed event time instead of real-time traffic (repeatable).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--list-scenarios", description = "Lists the incidents --scenario takes, and exits.")
    boolean listScenarios;

    @Override
    public Integer call() throws Exception {
        if (listScenarios) {
            SimulateCommand.printScenarios(spec.commandLine().getOut());
            return 0;
        }
        Set<String> chosen = SimulateCommand.chosenScenarios(scenarios);
        if (!chosen.isEmpty()) {
            return replay(chosen);
        }
        Duration runFor = Durations.parse(duration);
        SimulatorOptions options = SimulatorOptions.defaults().withEventsPerSecond(rate).withSeed(seed);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (GracefulStop stop = new GracefulStop();
             WorkDir work = WorkDir.of(dataDir, "transfer-monitor-demo-")) {
            return run(stop, work.path(), runFor, options, out, err);
        }
    }

    private int run(GracefulStop stop, Path dir, Duration runFor, SimulatorOptions options, PrintWriter out,
                    PrintWriter err) throws Exception {
        out.printf("Transfer Monitor demo: %s of simulated traffic at %.0f events/s (seed %d); data in %s%n",
                runFor.toSeconds() + "s", rate, seed, dir);

        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"), 0)) {
            MonitorConfig config = MonitorConfig.from(Settings.load(null, Map.of(), Map.of(
                    "bootstrap.servers", broker.bootstrapServers(),
                    "application.id", "transfer-monitor-demo",
                    "state.dir", dir.resolve("state").toString(),
                    "topic.partitions", "4",
                    "topic.replication.factor", "1",
                    "rules.file", rulesFile)));
            TopicAdmin.ensureTopics(config);
            var loaded = ReferencePublisher.publish(config, ReferenceData.bundled());
            out.printf("Broker up at %s; reference data loaded: %s%n", broker.bootstrapServers(), loaded);

            PrometheusMeterRegistry registry = Observability.prometheusRegistry();
            DetectionMetrics metrics = new DetectionMetrics(registry);
            Map<String, LongAdder> alertsByType = new ConcurrentHashMap<>();
            try (Monitor monitor = new Monitor(config, metrics);
                 MetricsServer http = MetricsServer.start("127.0.0.1", metricsPort, registry, monitor::isHealthy, monitor::isReady);
                 TransferEmitter emitter = TransferEmitter.builder()
                         .bootstrapServers(broker.bootstrapServers())
                         .topics(config.topics())
                         .build()) {
                monitor.start(Duration.ofSeconds(60));
                out.printf("Metrics at http://127.0.0.1:%d/metrics%n", http.port());
                out.println("Monitor running. Planted incidents at " + options.offsetOf(Scenario.UNAUTHORIZED_REPLICATION_US).toSeconds()
                        + "s, " + options.offsetOf(Scenario.DEPARTED_EMPLOYEE_KEY).toSeconds() + "s and "
                        + options.offsetOf(Scenario.EXTERNAL_SNAPSHOT_SHARE).toSeconds() + "s. Alerts:");
                out.flush();

                AtomicBoolean printing = new AtomicBoolean(true);
                Thread printer = new Thread(() -> AlertTail.read(config, true, printing::get,
                        alert -> {
                            alertsByType.computeIfAbsent(alert.getType().name(), t -> new LongAdder()).increment();
                            out.println(format.format(alert));
                            out.flush();
                        }, problem -> err.println("warning: " + problem)), "alert-printer");
                printer.setDaemon(true);
                printer.start();

                CountingSink sink = new CountingSink(emitter, out);
                Thread simulator = new Thread(() -> new Simulator(options)
                        .run(sink, Clock.systemUTC(), runFor, () -> !stop.isRequested()), "simulator");
                simulator.start();
                simulator.join();
                emitter.flush();
                boolean interrupted = stop.isRequested();
                out.println(interrupted ? "Stopping..." : "Simulation finished; letting the monitor catch up...");
                out.flush();
                awaitProcessed(metrics, sink.sent.get(), interrupted ? Duration.ofSeconds(2) : Duration.ofSeconds(20));
                printing.set(false);
                printer.join(Duration.ofSeconds(5).toMillis());
                out.printf("Summary: %d events sent (%d planted), %.0f processed, %.0f to the DLQ; alerts: %s%n",
                        sink.sent.get(), sink.planted.get(), total(metrics, "processed"), total(metrics, "dlq"),
                        new TreeMap<>(alertsByType));
                out.flush();
            }
        }
        return 0;
    }

    /** {@code --scenario}: the chosen incidents over the last days of event time, as fast as they go. */
    private int replay(Set<String> chosen) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RuleSet rules = MonitorConfig.rulesFile(rulesFile);
        Workload workload = Workload.generate(WorkloadOptions.defaults(Instant.now().minus(Duration.ofMinutes(1)))
                .withSeed(seed)
                .withStaffPrincipals(SimulateCommand.SCENARIO_PRINCIPALS)
                .withBenignEvents(SimulateCommand.SCENARIO_EVENTS)
                .withDays(SimulateCommand.SCENARIO_DAYS)
                .withScenarios(chosen)
                .withModel(Evaluation.modelOf(rules)));
        try (GracefulStop stop = new GracefulStop();
             WorkDir work = WorkDir.of(dataDir, "transfer-monitor-demo-")) {
            out.printf(Locale.ROOT, "Transfer Monitor demo: replaying %s from %s to %s (event time) with %,d benign events, "
                    + "as fast as possible (seed %d); data in %s%n", String.join(", ", chosen), workload.start(), workload.end(),
                    workload.benignEvents(), seed, work.path());
            for (Planted p : workload.planted()) {
                out.printf("  %-28s %s%n", p.scenario(), p.description());
            }
            out.flush();
            WorkloadRun.Outcome outcome = WorkloadRun.run(workload, rules, work.path(), "transfer-monitor-demo", out, err,
                    alert -> {
                        synchronized (out) {
                            out.println(format.format(alert));
                            out.flush();
                        }
                    }, null, () -> !stop.isRequested());
            out.printf(Locale.ROOT, "%nSummary: %,d events sent, %,d processed, %,d to the DLQ in %.1f s%n%n", outcome.sent(),
                    outcome.processed(), outcome.deadLetters(), outcome.elapsed().toMillis() / 1000.0);
            Scorecard card = Scorecard.of(workload.planted(), outcome.alerts(), workload.benignEvents());
            card.print(out);
            card.printFalseAlerts(out);
            out.flush();
        }
        return 0;
    }

    /** Waits (bounded) until the monitor has taken in every event sent. */
    private static void awaitProcessed(DetectionMetrics metrics, long sent, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (total(metrics, "processed") + total(metrics, "dlq") < sent && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        // One more commit interval so the last alerts are committed and visible to read_committed readers.
        Thread.sleep(500);
    }

    private static double total(DetectionMetrics metrics, String outcome) {
        return metrics.registry().find("transfer.events").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Passes events on, counting them and announcing each planted one as it is sent. */
    private static final class CountingSink implements EventSink {
        private final EventSink delegate;
        private final PrintWriter out;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong planted = new AtomicLong();

        CountingSink(EventSink delegate, PrintWriter out) {
            this.delegate = delegate;
            this.out = out;
        }

        @Override
        public void access(DataAccessEvent e) {
            announce(e);
            delegate.access(e);
        }

        @Override
        public void replication(ReplicationEvent e) {
            announce(e);
            delegate.replication(e);
        }

        private void announce(SpecificRecord e) {
            sent.incrementAndGet();
            Scenario scenario = Scenario.of(e).orElse(Scenario.BENIGN);
            if (scenario != Scenario.BENIGN) {
                planted.incrementAndGet();
                synchronized (out) {
                    out.println("  >> planted: " + scenario.label());
                    out.flush();
                }
            }
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }
}
