package dev.transfermonitor.app.evaluation;

import dev.transfermonitor.app.sandbox.Sandbox;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.VolumeSettings;
import dev.transfermonitor.detection.rulesfile.RulesFile;
import dev.transfermonitor.simulator.scenarios.RuleModel;
import dev.transfermonitor.simulator.scenarios.Workload;
import dev.transfermonitor.simulator.scenarios.WorkloadOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The evaluation behind {@code simulate --evaluate}: a seeded, reproducible month of the sample company's traffic (a
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

    /** What a run found; complete when every event was sent and none went to the dead-letter topic. */
    public record Result(
            Workload workload, WorkloadRun.Outcome outcome, Scorecard scorecard, boolean complete, boolean passed) {}

    /** What an evaluation reports while it goes. */
    public interface Listener extends WorkloadRun.Listener {

        /** Before the broker starts: what is about to run, and where its data goes. */
        default void evaluating(Workload workload, WorkloadOptions options, RuleSet rules, Path dir) {}
    }

    private Evaluation() {}

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
        v.burst()
                .perClass()
                .forEach((dataClass, t) -> perClass.put(dataClass, new RuleModel.Limit(t.records(), t.bytes())));
        return new RuleModel(
                v.burst().window(),
                new RuleModel.Limit(
                        v.burst().fallback().records(), v.burst().fallback().bytes()),
                perClass,
                v.slow().distinctSubjects(),
                v.slow().horizonDays(),
                v.baseline().historyDays(),
                v.baseline().minHistoryDays(),
                v.baseline().madMultiplier(),
                v.baseline().minRecords(),
                v.allowlist().principals(),
                v.allowlist().jobs());
    }

    /**
     * Generates the workload and runs it in a sandbox, then judges the alerts.
     *
     * @param dataDir   where the broker and the monitor keep their data; null for a temporary directory
     * @param keepGoing checked between events; false stops sending early (Ctrl-C)
     */
    public static Result run(WorkloadOptions options, Path dataDir, Listener listener, BooleanSupplier keepGoing)
            throws InterruptedException {
        RuleSet rules = rules();
        Workload workload = Workload.generate(options.withModel(modelOf(rules)));
        Sandbox.Builder sandbox = Sandbox.builder()
                .dataDir(dataDir)
                .tempPrefix("transfer-monitor-evaluation-")
                .applicationId(APPLICATION_ID)
                .onDirectory(dir -> listener.evaluating(workload, options, rules, dir));
        WorkloadRun.Outcome outcome =
                WorkloadRun.run(sandbox, workload, rules, listener, false, Duration.ofSeconds(5), keepGoing);
        Scorecard card = Scorecard.of(workload.planted(), outcome.alerts(), workload.benignEvents());
        boolean complete = outcome.sent() == workload.totalEvents() && outcome.deadLetters() == 0;
        return new Result(workload, outcome, card, complete, complete && card.passed(MAX_DELAY, MAX_FALSE_PER_MILLION));
    }
}
