package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.evaluation.Evaluation;
import dev.transfermonitor.app.evaluation.Scorecard;
import dev.transfermonitor.app.evaluation.WorkloadRun;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.simulator.scenarios.Workload;
import dev.transfermonitor.simulator.scenarios.WorkloadOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/** Renders an evaluation as text: what runs, its progress, then the scorecard and the verdict. */
public final class EvaluationView extends WorkloadRunView implements Evaluation.Listener {

    public EvaluationView(PrintWriter out, PrintWriter err) {
        super(out, err, null);
    }

    @Override
    public void evaluating(Workload workload, WorkloadOptions options, RuleSet rules, Path dir) {
        out.printf(
                Locale.ROOT,
                "Transfer Monitor evaluation: %,d benign events from %,d synthetic staff, the sample "
                        + "company's people and nightly jobs over %d days (%s to %s UTC, seed %d), %d planted "
                        + "incident(s) in %,d events; rules %s; data in %s%n",
                workload.benignEvents(),
                options.staffPrincipals(),
                options.days(),
                LocalDate.ofInstant(workload.start(), ZoneOffset.UTC),
                LocalDate.ofInstant(workload.end().minusMillis(1), ZoneOffset.UTC),
                options.seed(),
                workload.planted().size(),
                workload.plantedEvents(),
                rules.version(),
                dir);
        out.flush();
    }

    /** The counts, the scorecard, the throughput and PASS or FAIL with the reason. */
    public void printResult(Evaluation.Result result) {
        WorkloadRun.Outcome outcome = result.outcome();
        out.printf(
                Locale.ROOT,
                "Done: %,d events sent, %,d processed, %,d dead letters; %,d alert records read.%n%n",
                outcome.sent(),
                outcome.processed(),
                outcome.deadLetters(),
                outcome.alerts().size());
        Scorecard card = result.scorecard();
        ScorecardView.print(card, out);
        out.println();
        ScorecardView.printFalseAlerts(card, out);
        out.printf(
                Locale.ROOT,
                "throughput: %,.0f events/s end to end (%,d events in %.1f s)%n",
                outcome.eventsPerSecond(),
                outcome.sent(),
                outcome.elapsed().toMillis() / 1000.0);
        out.printf(
                Locale.ROOT,
                "%s: %s%n",
                result.passed() ? "PASS" : "FAIL",
                result.passed()
                        ? "every incident detected within " + Evaluation.MAX_DELAY.toHours()
                                + " h of becoming detectable, false alerts per million <= "
                                + Evaluation.MAX_FALSE_PER_MILLION
                        : !result.complete()
                                ? "not every event was sent and processed (stopped, or dead letters)"
                                : "an incident was missed or caught late, or too many false alerts");
        out.flush();
    }
}
