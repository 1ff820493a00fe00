package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.evaluation.ClusterTraffic;
import dev.transfermonitor.app.evaluation.Evaluation;
import dev.transfermonitor.app.kafka.ReferencePublisher;
import dev.transfermonitor.detection.rulesfile.Durations;
import dev.transfermonitor.simulator.SimulatorOptions;
import dev.transfermonitor.simulator.scenarios.PlantedScenario;
import dev.transfermonitor.simulator.scenarios.RuleModel;
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
import picocli.CommandLine.Spec;

/**
 * {@code transfer-monitor simulate}: the demo's traffic sent to a cluster of your own, named scenarios, or the
 * evaluation.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Sends the sample company's simulated traffic, with its planted incidents, to the input topics of a "
                    + "Kafka cluster, paced in real time, until --duration passes or Ctrl-C.",
            "Load the sample company's reference data first (reference load --sample) so the monitor can "
                    + "resolve its assets and people.",
            "With --scenario NAME (repeatable): sends the named incidents (see --list-scenarios) over the last --days "
                    + "days of event time, with a benign background, as fast as the cluster takes them, after the "
                    + "reference data they need (the sample company plus synthetic staff and svc-reporting).",
            "With --evaluate: needs no cluster. Runs --events benign events from --principals synthetic staff over "
                    + "--days days, with every incident (or the --scenario ones) planted, through the monitor on a "
                    + "broker inside this process, then prints per incident whether and how soon it was detected "
                    + "(in event time) and the false alerts per million benign events. Exit code 0 when every "
                    + "incident is detected within a day and there is at most 1 false alert per million, else 1."
        })
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = {"-d", "--duration"},
            defaultValue = "365d",
            paramLabel = "DURATION",
            description = "How long to send in real time (default: until stopped).")
    String duration;

    @Option(
            names = "--rate",
            defaultValue = "20",
            paramLabel = "EVENTS/S",
            description = "Benign events per second in real time (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--seed",
            description = "Seed of every random choice (default: 42; 7 with --evaluate or --scenario).")
    Long seed;

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            description = "Plant this incident (repeatable); see --list-scenarios.")
    List<String> scenarios = new ArrayList<>();

    @Mixin
    ScenarioOptions scenarioOptions;

    @Option(names = "--evaluate", description = "Runs the evaluation on a broker inside this process (see above).")
    boolean evaluate;

    @Option(
            names = "--events",
            paramLabel = "N",
            description = "Benign events in event time (default: 1,000,000 with --evaluate, 20,000 with --scenario).")
    Long events;

    @Option(
            names = "--principals",
            paramLabel = "N",
            description = "Synthetic staff emp-5xxxx besides the sample company's people (default: 2,000 with "
                    + "--evaluate, 200 with --scenario).")
    Integer principals;

    @Option(
            names = "--days",
            paramLabel = "N",
            description = "Days of event time, ending at the last UTC midnight (default: 30; at least 12).")
    Integer days;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "With --evaluate: where the broker and the monitor keep their data (default: a new "
                    + "temporary directory, removed after).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (scenarioOptions.listed(out)) {
            return ExitCodes.OK;
        }
        Set<String> chosen = ScenarioOptions.chosen(scenarios);
        if (evaluate) {
            return evaluate(out, chosen.isEmpty() ? PlantedScenario.labels() : chosen);
        }
        if (!chosen.isEmpty()) {
            return sendScenarios(out, chosen);
        }
        return realTime(out);
    }

    private int evaluate(PrintWriter out, Set<String> chosen) throws InterruptedException {
        if (connection.bootstrapServers != null) {
            out.println("Note: --evaluate runs its own broker and ignores --bootstrap-servers.");
        }
        WorkloadOptions options = workloadOptions(
                WorkloadOptions.DEFAULT_BENIGN_EVENTS,
                WorkloadOptions.DEFAULT_STAFF,
                WorkloadOptions.DEFAULT_DAYS,
                chosen,
                Instant.now().minus(Duration.ofHours(1)));
        try (GracefulStop stop = new GracefulStop()) {
            EvaluationView view = new EvaluationView(out, spec.commandLine().getErr());
            Evaluation.Result result = Evaluation.run(options, dataDir, view, () -> !stop.isRequested());
            view.printResult(result);
            return stop.exitCode(result.passed() ? ExitCodes.OK : ExitCodes.FAILURE);
        }
    }

    private int sendScenarios(PrintWriter out, Set<String> chosen) {
        MonitorConfig config = connection.clientConfig();
        // The rules the user's configuration names (rules.file), as `run` would load them.
        Workload workload = Workload.generate(workloadOptions(
                        ScenarioOptions.SCENARIO_EVENTS,
                        ScenarioOptions.SCENARIO_PRINCIPALS,
                        ScenarioOptions.SCENARIO_DAYS,
                        chosen,
                        Instant.now().minus(Duration.ofMinutes(1)))
                .withModel(Evaluation.modelOf(config.rules())));
        SimulateView.sending(out, chosen, workload, config.bootstrapServers());
        SimulateView.referenceLoaded(out, ReferencePublisher.publish(config, workload.reference()));
        try (GracefulStop stop = new GracefulStop()) {
            SimulateView.sent(out, workload, ClusterTraffic.send(config, workload, stop::isRequested));
            return stop.exitCode(ExitCodes.OK);
        }
    }

    private int realTime(PrintWriter out) {
        MonitorConfig config = connection.clientConfig();
        Duration runFor = Durations.parse(duration);
        long realTimeSeed = seed == null ? 42 : seed;
        SimulatorOptions options =
                SimulatorOptions.defaults().withEventsPerSecond(rate).withSeed(realTimeSeed);
        try (GracefulStop stop = new GracefulStop()) {
            SimulateView.realTime(out, rate, config.bootstrapServers());
            ClusterTraffic.realTime(config, options, runFor, stop::isRequested);
            out.println("Simulation finished.");
            return stop.exitCode(ExitCodes.OK);
        }
    }

    private WorkloadOptions workloadOptions(
            long defaultEvents, int defaultPrincipals, int defaultDays, Set<String> chosen, Instant end) {
        try {
            return new WorkloadOptions(
                    seed == null ? WorkloadOptions.DEFAULT_SEED : seed,
                    events == null ? defaultEvents : events,
                    principals == null ? defaultPrincipals : principals,
                    days == null ? defaultDays : days,
                    end,
                    chosen,
                    RuleModel.defaults());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }
}
