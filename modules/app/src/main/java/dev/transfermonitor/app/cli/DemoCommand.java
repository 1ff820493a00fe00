package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.evaluation.Evaluation;
import dev.transfermonitor.app.evaluation.LiveDemo;
import dev.transfermonitor.app.evaluation.Scorecard;
import dev.transfermonitor.app.evaluation.WorkloadRun;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.rulesfile.Durations;
import dev.transfermonitor.simulator.SimulatorOptions;
import dev.transfermonitor.simulator.scenarios.Workload;
import dev.transfermonitor.simulator.scenarios.WorkloadOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code transfer-monitor demo}: the whole system on one machine, with planted incidents. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
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
                    + "event time: the last " + ScenarioOptions.SCENARIO_DAYS + " days before today with a benign "
                    + "background, sent as fast as the monitor takes them (under a minute); it prints the alerts "
                    + "as they come, then whether each incident was detected.",
            "Ctrl-C stops everything cleanly."
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-d", "--duration"},
            defaultValue = "10m",
            paramLabel = "DURATION",
            description = "How long to run, e.g. 60s, 5m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(
            names = "--rate",
            defaultValue = "20",
            paramLabel = "EVENTS/S",
            description = "Benign events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the broker and the monitor keep their data (default: a new temporary directory).")
    Path dataDir;

    @Option(
            names = "--rules",
            paramLabel = "FILE",
            defaultValue = MonitorConfig.SAMPLE_RULES,
            description = "Rules file (YAML; default: the sample company's rules, bundled).")
    String rulesFile;

    @Option(
            names = "--metrics-port",
            defaultValue = "0",
            paramLabel = "PORT",
            description = "Port of /metrics, /health and /ready on 127.0.0.1 (default: a free one, printed).")
    int metricsPort;

    @Option(
            names = "--format",
            defaultValue = "text",
            description = "Alert output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    AlertFormat format;

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            description = "Replay this incident in compressed event time instead of real-time traffic (repeatable).")
    List<String> scenarios = new ArrayList<>();

    @Option(
            names = "--source",
            paramLabel = "SOURCE",
            description = "Tell the live traffic as audit-log records of this source (cloudtrail): the simulator "
                    + "writes CloudTrail records to the raw topic and the monitor maps them, as `run --sources` does.")
    String source;

    @Mixin
    ScenarioOptions scenarioOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (scenarioOptions.listed(out)) {
            return ExitCodes.OK;
        }
        Set<String> chosen = ScenarioOptions.chosen(scenarios);
        if (source != null && !source.equals(LiveDemo.CLOUDTRAIL)) {
            throw new ParameterException(
                    spec.commandLine(), "--source: the demo can speak " + LiveDemo.CLOUDTRAIL + ", not " + source);
        }
        if (source != null && !chosen.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--source goes with the live demo, not with --scenario");
        }
        if (!chosen.isEmpty()) {
            return replay(chosen);
        }
        Duration runFor = Durations.parse(duration);
        SimulatorOptions options =
                SimulatorOptions.defaults().withEventsPerSecond(rate).withSeed(seed);
        DemoView view = new DemoView(out, spec.commandLine().getErr(), format, options, runFor, source);
        try (GracefulStop stop = new GracefulStop()) {
            LiveDemo.Summary summary =
                    new LiveDemo(options, runFor, dataDir, rulesFile, metricsPort, source).run(view, stop::isRequested);
            view.summary(summary);
            return stop.exitCode(ExitCodes.OK);
        }
    }

    /** {@code --scenario}: the chosen incidents over the last days of event time, as fast as they go. */
    private int replay(Set<String> chosen) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RuleSet rules = MonitorConfig.rulesFile(rulesFile);
        Workload workload =
                Workload.generate(WorkloadOptions.defaults(Instant.now().minus(Duration.ofMinutes(1)))
                        .withSeed(seed)
                        .withStaffPrincipals(ScenarioOptions.SCENARIO_PRINCIPALS)
                        .withBenignEvents(ScenarioOptions.SCENARIO_EVENTS)
                        .withDays(ScenarioOptions.SCENARIO_DAYS)
                        .withScenarios(chosen)
                        .withModel(Evaluation.modelOf(rules)));
        try (GracefulStop stop = new GracefulStop()) {
            WorkloadRun.Outcome outcome = WorkloadRun.run(
                    LiveDemo.sandbox(dataDir)
                            .onDirectory(dir -> DemoView.scenarioHeader(out, chosen, workload, seed, dir)),
                    workload,
                    rules,
                    new WorkloadRunView(out, spec.commandLine().getErr(), format),
                    true,
                    null,
                    () -> !stop.isRequested());
            Scorecard card = Scorecard.of(workload.planted(), outcome.alerts(), workload.benignEvents());
            DemoView.scenarioSummary(out, outcome, card);
            return stop.exitCode(ExitCodes.OK);
        }
    }
}
