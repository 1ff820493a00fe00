package dev.transfermonitor.app.cli;

import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.VolumeSettings;
import dev.transfermonitor.detection.rulesfile.RulesFile;
import dev.transfermonitor.simulator.scenarios.RuleModel;
import dev.transfermonitor.simulator.scenarios.Workload;
import dev.transfermonitor.simulator.scenarios.WorkloadOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code simulate --evaluate}: a seeded, reproducible month of the sample company's traffic (a
 * million benign events by default) with planted incidents, through the real topology on a real
 * broker in this process; then a scorecard: per incident whether it was detected and how long
 * after it became detectable (event time), and the false alerts per million benign events.
 * It passes when every incident is detected within {@link #MAX_DELAY} and there is at most
 * {@value #MAX_FALSE_PER_MILLION} false alert per million benign events.
 */
public final class Evaluation {

    public static final Duration MAX_DELAY = Duration.ofDays(1);
    public static final double MAX_FALSE_PER_MILLION = 1.0;
    static final String APPLICATION_ID = "transfer-monitor-evaluation";

    /** What a run found. */
    record Result(Workload workload, WorkloadRun.Outcome outcome, Scorecard scorecard, boolean passed) {
    }

    private Evaluation() {
    }

    /**
     * The rules the evaluation runs with: the sample company's rules file, bundled (its allowlist
     * covers the analytics service and the nightly backup and ETL jobs). The one place to change
     * them; the workload measures its incidents against whatever this returns.
     */
    public static RuleSet rules() {
        return RulesFile.bundledSample();
    }

    /** What the workload needs to know of the rules to say when an incident becomes detectable. */
    public static RuleModel modelOf(RuleSet rules) {
        VolumeSettings v = rules.volume();
        Map<String, RuleModel.Limit> perClass = new HashMap<>();
        v.burst().perClass().forEach((dataClass, t) -> perClass.put(dataClass, new RuleModel.Limit(t.records(), t.bytes())));
        return new RuleModel(v.burst().window(),
                new RuleModel.Limit(v.burst().fallback().records(), v.burst().fallback().bytes()), perClass,
                v.slow().distinctSubjects(), v.slow().horizonDays(),
                v.baseline().historyDays(), v.baseline().minHistoryDays(), v.baseline().madMultiplier(),
                v.baseline().minRecords(), v.allowlist().principals(), v.allowlist().jobs());
    }

    /** Generates the workload, runs it, prints the scorecard. */
    static Result run(WorkloadOptions options, Path dir, PrintWriter out, PrintWriter err, BooleanSupplier keepGoing)
            throws InterruptedException {
        RuleSet rules = rules();
        Workload workload = Workload.generate(options.withModel(modelOf(rules)));
        out.printf(Locale.ROOT, "Transfer Monitor evaluation: %,d benign events from %,d synthetic staff, the sample company's "
                        + "people and nightly jobs over %d days (%s to %s UTC, seed %d), %d planted incident(s) in %,d events; "
                        + "rules %s; data in %s%n",
                workload.benignEvents(), options.staffPrincipals(), options.days(),
                LocalDate.ofInstant(workload.start(), ZoneOffset.UTC),
                LocalDate.ofInstant(workload.end().minusMillis(1), ZoneOffset.UTC), options.seed(),
                workload.planted().size(), workload.plantedEvents(), rules.version(), dir);
        out.flush();

        WorkloadRun.Outcome outcome = WorkloadRun.run(workload, rules, dir, APPLICATION_ID, out, err, null,
                Duration.ofSeconds(5), keepGoing);
        out.printf(Locale.ROOT, "Done: %,d events sent, %,d processed, %,d dead letters; %,d alert records read.%n%n",
                outcome.sent(), outcome.processed(), outcome.deadLetters(), outcome.alerts().size());

        Scorecard card = Scorecard.of(workload.planted(), outcome.alerts(), workload.benignEvents());
        card.print(out);
        out.println();
        card.printFalseAlerts(out);
        boolean complete = outcome.sent() == workload.totalEvents() && outcome.deadLetters() == 0;
        boolean passed = complete && card.passed(MAX_DELAY, MAX_FALSE_PER_MILLION);
        out.printf(Locale.ROOT, "throughput: %,.0f events/s end to end (%,d events in %.1f s)%n", outcome.eventsPerSecond(),
                outcome.sent(), outcome.elapsed().toMillis() / 1000.0);
        out.printf(Locale.ROOT, "%s: %s%n", passed ? "PASS" : "FAIL", passed
                ? "every incident detected within " + MAX_DELAY.toHours() + " h of becoming detectable, false alerts per million <= "
                        + MAX_FALSE_PER_MILLION
                : !complete ? "not every event was sent and processed (stopped, or dead letters)"
                : "an incident was missed or caught late, or too many false alerts");
        out.flush();
        return new Result(workload, outcome, card, passed);
    }
}
