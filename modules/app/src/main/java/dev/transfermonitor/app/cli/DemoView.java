package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.evaluation.LiveDemo;
import dev.transfermonitor.app.evaluation.Scorecard;
import dev.transfermonitor.app.evaluation.WorkloadRun;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.simulator.Scenario;
import dev.transfermonitor.simulator.SimulatorOptions;
import dev.transfermonitor.simulator.scenarios.Planted;
import dev.transfermonitor.simulator.scenarios.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders the demo as text: the live demo's progress, planted incidents and alerts as they
 * happen and its summary; the header and the scorecard of {@code demo --scenario}.
 */
final class DemoView implements LiveDemo.Listener {

    private final PrintWriter out;
    private final PrintWriter err;
    private final AlertFormat format;
    private final SimulatorOptions options;
    private final Duration runFor;
    private final String source;

    /** @param source null, or the audit log the traffic is told in ({@code cloudtrail}) */
    DemoView(
            PrintWriter out,
            PrintWriter err,
            AlertFormat format,
            SimulatorOptions options,
            Duration runFor,
            String source) {
        this.out = out;
        this.err = err;
        this.format = format;
        this.options = options;
        this.runFor = runFor;
        this.source = source;
    }

    @Override
    public void starting(Path dir) {
        out.printf(
                "Transfer Monitor demo: %s of simulated traffic at %.0f events/s (seed %d)%s; data in %s%n",
                runFor.toSeconds() + "s",
                options.eventsPerSecond(),
                options.seed(),
                source == null ? "" : ", told as " + source + " records on the source's raw topic",
                dir);
    }

    @Override
    public void brokerUp(String bootstrapServers, Map<RecordKind, Integer> referenceLoaded) {
        out.printf("Broker up at %s; reference data loaded: %s%n", bootstrapServers, referenceLoaded);
    }

    @Override
    public void running(int metricsPort) {
        out.printf("Metrics at http://127.0.0.1:%d/metrics%n", metricsPort);
        out.println("Monitor running. Planted incidents at "
                + options.offsetOf(Scenario.UNAUTHORIZED_REPLICATION_US).toSeconds() + "s, "
                + options.offsetOf(Scenario.DEPARTED_EMPLOYEE_KEY).toSeconds() + "s and "
                + options.offsetOf(Scenario.EXTERNAL_SNAPSHOT_SHARE).toSeconds() + "s. Alerts:");
        out.flush();
    }

    @Override
    public void planted(Scenario scenario) {
        synchronized (out) {
            out.println("  >> planted: " + scenario.label());
            out.flush();
        }
    }

    @Override
    public void alert(TransferAlert alert) {
        format.println(out, alert);
    }

    @Override
    public void warning(String problem) {
        err.println("warning: " + problem);
    }

    @Override
    public void catchingUp(boolean stopped) {
        out.println(stopped ? "Stopping..." : "Simulation finished; letting the monitor catch up...");
        out.flush();
    }

    void summary(LiveDemo.Summary summary) {
        out.printf(
                "Summary: %d events sent (%d planted), %.0f processed, %.0f to the DLQ; alerts: %s%n",
                summary.sent(), summary.planted(), summary.processed(), summary.deadLetters(), summary.alertsByType());
        if (source != null) {
            out.printf("%s records read from the raw topic, by outcome: %s%n", source, summary.sourceRecords());
        }
        out.flush();
    }

    /** {@code demo --scenario}: what is replayed, and where the data goes. */
    static void scenarioHeader(PrintWriter out, Set<String> chosen, Workload workload, long seed, Path dir) {
        out.printf(
                Locale.ROOT,
                "Transfer Monitor demo: replaying %s from %s to %s (event time) with %,d benign "
                        + "events, as fast as possible (seed %d); data in %s%n",
                String.join(", ", chosen),
                workload.start(),
                workload.end(),
                workload.benignEvents(),
                seed,
                dir);
        for (Planted p : workload.planted()) {
            out.printf("  %-28s %s%n", p.scenario(), p.description());
        }
        out.flush();
    }

    /** {@code demo --scenario}: the counts, then whether each incident was detected. */
    static void scenarioSummary(PrintWriter out, WorkloadRun.Outcome outcome, Scorecard card) {
        out.printf(
                Locale.ROOT,
                "%nSummary: %,d events sent, %,d processed, %,d to the DLQ in %.1f s%n%n",
                outcome.sent(),
                outcome.processed(),
                outcome.deadLetters(),
                outcome.elapsed().toMillis() / 1000.0);
        ScorecardView.print(card, out);
        ScorecardView.printFalseAlerts(card, out);
        out.flush();
    }
}
