package dev.transfermonitor.bench;

import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.detection.DetectionMetrics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * The full monitor ({@link Monitor}: {@code TransferTopology.build} with every rule, the sample
 * company's rules and reference data) over input already in the topics, under a fresh application
 * id: timed from start until the group has committed every input offset. Before it closes, the
 * footprint of its state is taken.
 */
final class TopologyRun {

    private static final Duration STALL = Duration.ofMinutes(2);

    /** Events per second over the whole input, start-up included, and what the run left behind. */
    record Result(String guarantee, long records, Duration elapsed, Duration startUp, Footprint.Sample footprint) {
        double perSecond() {
            return Stopwatch.perSecond(records, elapsed);
        }
    }

    private TopologyRun() {}

    static Result run(MonitorConfig config, Map<TopicPartition, Long> ends, Path jfr, PrintStream log)
            throws Exception {
        long records = Offsets.total(ends);
        Footprint.Baseline baseline = Footprint.baseline();
        Recording recording = jfr == null ? null : new Recording(Configuration.getConfiguration("profile"));
        try (Admin admin = Admin.create(config.clientProperties());
                Monitor monitor = new Monitor(config, DetectionMetrics.inMemory())) {
            if (recording != null) {
                recording.start();
            }
            Stopwatch watch = Stopwatch.start();
            monitor.start(Duration.ofSeconds(60));
            Duration startUp = watch.elapsed();
            long lastLag = Long.MAX_VALUE;
            long lastProgress = System.nanoTime();
            long lastReport = System.nanoTime();
            while (true) {
                long lag = Offsets.lag(admin, config.applicationId(), ends);
                if (lag == 0) {
                    break;
                }
                if (monitor.hasStopped()) {
                    throw new IllegalStateException("the monitor stopped before the end of the input");
                }
                if (lag < lastLag) {
                    lastLag = lag;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    throw new IllegalStateException("no progress for " + STALL.toSeconds() + " s, lag " + lag);
                }
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    log.printf(
                            Locale.ROOT,
                            "    %s: %,d of %,d committed (%.0f s)%n",
                            config.processingGuarantee(),
                            records - lag,
                            records,
                            watch.elapsed().toMillis() / 1000.0);
                }
                Thread.sleep(100);
            }
            Duration elapsed = watch.elapsed();
            if (recording != null) {
                recording.stop();
                recording.dump(jfr);
                recording.close();
            }
            Footprint.Sample footprint = Footprint.measure(baseline, config.stateDir());
            return new Result(config.processingGuarantee(), records, elapsed, startUp, footprint);
        }
    }
}
