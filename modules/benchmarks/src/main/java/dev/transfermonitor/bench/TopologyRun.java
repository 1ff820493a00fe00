package dev.transfermonitor.bench;

import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.detection.DetectionMetrics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka Streams application over input already in the topics, under a fresh application id:
 * the full monitor ({@link Monitor}: {@code TransferTopology.build} with every rule, the sample
 * company's rules and reference data) or the equal-work topology ({@link EqualWorkApp}). Timed
 * from start until the group has committed every input offset; CPU per thread of this JVM and of
 * the broker over the same stretch. Before it closes, the footprint of its state may be taken.
 */
final class TopologyRun {

    private static final Duration STALL = Duration.ofMinutes(2);

    /** What the harness needs of an application. */
    interface App extends AutoCloseable {
        void start(Duration timeout);

        boolean hasStopped();

        @Override
        void close();
    }

    /** Events per second over the whole input, start-up included, and what the run left behind. */
    record Result(
            long records,
            Duration elapsed,
            Duration startUp,
            ThreadCpu.Usage cpu,
            ThreadCpu.Usage brokerCpu,
            Footprint.Sample footprint) {
        double perSecond() {
            return Stopwatch.perSecond(records, elapsed);
        }
    }

    private TopologyRun() {}

    static App monitor(MonitorConfig config) {
        Monitor monitor = new Monitor(config, DetectionMetrics.inMemory());
        return new App() {
            @Override
            public void start(Duration timeout) {
                monitor.start(timeout);
            }

            @Override
            public boolean hasStopped() {
                return monitor.hasStopped();
            }

            @Override
            public void close() {
                monitor.close();
            }
        };
    }

    static Result run(
            MonitorConfig config,
            App app,
            Map<TopicPartition, Long> ends,
            long brokerPid,
            boolean footprint,
            Path jfr,
            PrintStream log)
            throws Exception {
        long records = Offsets.total(ends);
        Footprint.Baseline baseline = footprint ? Footprint.baseline() : null;
        Recording recording = jfr == null ? null : new Recording(Configuration.getConfiguration("profile"));
        Map<String, Object> adminProps = new HashMap<>(config.clientProperties());
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, ThreadCpu.HARNESS + "-lag");
        try (Admin admin = Admin.create(adminProps);
                App running = app) {
            if (recording != null) {
                recording.start();
            }
            ThreadCpu.Sampler self = ThreadCpu.self().start();
            ThreadCpu.Sampler broker = ThreadCpu.of(brokerPid).start();
            Stopwatch watch = Stopwatch.start();
            running.start(Duration.ofSeconds(60));
            Duration startUp = watch.elapsed();
            long lastLag = Long.MAX_VALUE;
            long lastProgress = System.nanoTime();
            long lastReport = System.nanoTime();
            while (true) {
                long lag = Offsets.lag(admin, config.applicationId(), ends);
                if (lag == 0) {
                    break;
                }
                if (running.hasStopped()) {
                    throw new IllegalStateException("the application stopped before the end of the input");
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
                            config.applicationId(),
                            records - lag,
                            records,
                            watch.elapsed().toMillis() / 1000.0);
                }
                Thread.sleep(100);
            }
            Duration elapsed = watch.elapsed();
            ThreadCpu.Usage cpu = self.stop();
            ThreadCpu.Usage brokerCpu = broker.stop();
            if (recording != null) {
                recording.stop();
                recording.dump(jfr);
                recording.close();
            }
            Footprint.Sample sample = footprint ? Footprint.measure(baseline, config.stateDir()) : null;
            return new Result(records, elapsed, startUp, cpu, brokerCpu, sample);
        }
    }
}
